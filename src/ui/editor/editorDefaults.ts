/** Defaults shared by Monaco and the plain-text stand-in shown while it loads (so the code does not jump). */
export const EDITOR_FONT_FAMILY =
  "ui-monospace, 'SF Mono', SFMono-Regular, Menlo, Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace";
export const EDITOR_FONT_SIZE = 14;
export const EDITOR_LINE_HEIGHT = 20;
export const DEFAULT_ARIA_LABEL = 'Code editor';
