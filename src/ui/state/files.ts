/** Saves text as a file the browser downloads: the learner's own copy of their code. */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The click has started the download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A source file larger than this is not a kata solution; refusing it keeps the editor responsive. */
export const OPEN_FILE_MAX_BYTES = 256 * 1024;

export async function readTextFile(file: File): Promise<string> {
  if (file.size > OPEN_FILE_MAX_BYTES) {
    throw new Error(`${file.name} is ${Math.round(file.size / 1024)} KB; a solution file is at most ${OPEN_FILE_MAX_BYTES / 1024} KB`);
  }
  return file.text();
}
