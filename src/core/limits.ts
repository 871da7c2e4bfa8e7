/**
 * How much of anything the sandbox sends back: every string and array a measurement carries is cut to these
 * sizes before it is posted (src/worker) and checked against them again on arrival (measurements.ts), so
 * that what the judge and the page handle renders in a few milliseconds whatever the learner's code did.
 * A cut string ends with "… (N more characters)" and stays within its limit.
 */
export const MEASUREMENT_LIMITS = {
  /** An error's name: "TypeError", or a learner's own class name. */
  errorNameChars: 200,
  errorMessageChars: 2000,
  /** The learner's frames of a stack, already trimmed to their lines. */
  stackChars: 4000,
  /** One console line; the capture also keeps at most CONSOLE_MAX_LINES lines (console-capture.ts). */
  consoleLineChars: 2000,
  /** "an object with keys value, gradFunc", for a value that is not a tensor. */
  descriptionChars: 300,
  /** Exports listed for the module check, and the length of each name. */
  exportNames: 50,
  exportNameChars: 100,
  /** Dimensions of a shape; a tensor of higher rank is reported by its rank and first dimensions. */
  shapeDims: 16,
  /** Values of one tensor snapshot. */
  tensorValues: 4096,
  dtypeChars: 16,
  /**
   * The operations one call of the learner's function recorded on the tape, by name ("RealDiv",
   * "customGrad"): the first `tapeOperations` of them, each name at most `operationNameChars`; the count
   * of all of them is the cost's `tapeNodes`. 300 shows 33 Newton steps of an unrolled loop.
   */
  tapeOperations: 300,
  operationNameChars: 40,
  /** Our own labels and ids (a probe's label, a sandbox fault), bounded all the same. */
  labelChars: 500,
  faultChars: 2000,
} as const;

/** Cuts `text` to at most `maxChars` characters, saying how much was cut. */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const note = (cut: number) => `… (${cut} more characters)`;
  // The note's own length depends on the count; take the count for the whole text, which is an upper bound.
  const keep = Math.max(0, maxChars - note(text.length).length);
  return `${text.slice(0, keep)}${note(text.length - keep)}`;
}
