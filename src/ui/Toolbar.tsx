import { useRef, useState } from 'react';
import { readTextFile } from './state/files.ts';

export type ToolbarProps = {
  running: boolean;
  runShortcut: string;
  saveFailed: boolean;
  onRun(): void;
  onStop(): void;
  onReset(): void;
  onDownload(): void;
  /** Called with the text of a file the learner chose to open. */
  onOpen(text: string): void;
};

export function Toolbar({ running, runShortcut, saveFailed, onRun, onStop, onReset, onDownload, onOpen }: ToolbarProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [openError, setOpenError] = useState<string | null>(null);

  const openChosenFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      setOpenError(null);
      onOpen(await readTextFile(file));
    } catch (error) {
      setOpenError(error instanceof Error ? error.message : String(error));
    } finally {
      // Choosing the same file again must fire a change again.
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Run controls">
      <button type="button" className="button button--primary" onClick={onRun} aria-keyshortcuts="Control+Enter Meta+Enter">
        {running ? 'Run again' : 'Run'} <kbd>{runShortcut}</kbd>
      </button>
      {running && (
        <button type="button" className="button" onClick={onStop}>
          Stop
        </button>
      )}
      <button type="button" className="button button--quiet" onClick={onReset}>
        Reset to starter
      </button>
      <button type="button" className="button button--quiet" onClick={onDownload}>
        Download
      </button>
      <button type="button" className="button button--quiet" onClick={() => fileInput.current?.click()}>
        Open file…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".ts,.js,.txt,text/plain"
        hidden
        onChange={(event) => void openChosenFile(event.target.files?.[0])}
      />
      <span className={`save-state${saveFailed || openError ? ' save-state--failed' : ''}`} role="status">
        {openError ?? (saveFailed ? 'Not saved: this browser refuses local storage' : 'Saved in this browser')}
      </span>
    </div>
  );
}
