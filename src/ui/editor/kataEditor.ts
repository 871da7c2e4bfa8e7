/**
 * The Monaco editor behind `CodeEditor`, loaded lazily (with Monaco) once the page has painted.
 *
 * The editor's model is the single source of truth for the learner's code: nothing outside writes to it
 * except through `replaceCode`, an undoable edit. No re-render, no stale copy of the text and no saved
 * value can move the cursor or the text, which is how controlled editor wrappers lose keystrokes.
 */
import { DEFAULT_ARIA_LABEL, EDITOR_FONT_FAMILY, EDITOR_FONT_SIZE, EDITOR_LINE_HEIGHT } from './editorDefaults.ts';
import { whenTypeScriptReady } from './languageService.ts';
import { monaco } from './monaco.ts';
import { installTestHook } from './testHook.ts';

/** A place in the learner's code that a Run found wrong: 1-based, column null for the whole line. */
export type EditorMark = { readonly line: number; readonly column: number | null; readonly message: string };

export type KataEditorOptions = {
  /** The code to show when no model exists yet for `modelPath` (a model outlives its editor). */
  code: string;
  modelPath: string;
  theme: 'light' | 'dark';
  ariaLabel?: string;
  /** Phones: soft-wrapped lines and no folding, so that code fits a narrow screen. */
  compact: boolean;
  onChange(code: string): void;
  onRun(): void;
  /** Called once the tfjs types are loaded and TypeScript has checked the code. */
  onReady?(): void;
  /** Called whenever TypeScript's own error count for the code changes. */
  onTypeErrors?(count: number): void;
};

export type KataEditor = {
  /** Replaces the whole text as one undoable edit (Ctrl+Z brings the old text back). */
  replaceCode(code: string): void;
  /** Focuses the editor with the cursor at `text[offset]`, e.g. where the learner was typing elsewhere. */
  focusAtOffset(start: number, end: number): void;
  /** Moves the cursor to a line and column, scrolls it into view and focuses the editor. */
  reveal(line: number, column: number | null): void;
  /** Shows a Run's findings as markers (squiggle, hover) and glyphs; `[]` clears them. */
  setMarks(marks: readonly EditorMark[]): void;
  setTheme(theme: 'light' | 'dark'): void;
  focus(): void;
  dispose(): void;
};

const MARKER_OWNER = 'kata-run';
/** Cursor, selection and scroll of the last editor on each model, restored by the next one. */
const VIEW_STATES = new Map<string, monaco.editor.ICodeEditorViewState>();
const TYPESCRIPT_MARKER_OWNER = 'typescript';

const BASE_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  language: 'typescript',
  fontFamily: EDITOR_FONT_FAMILY,
  fontSize: EDITOR_FONT_SIZE,
  lineHeight: EDITOR_LINE_HEIGHT,
  minimap: { enabled: false },
  automaticLayout: true,
  scrollBeyondLastLine: false,
  tabSize: 2,
  insertSpaces: true,
  detectIndentation: false,
  accessibilitySupport: 'auto',
  // Room for the glyph that marks a line a Run found wrong, and a narrower gutter to pay for it.
  glyphMargin: true,
  lineNumbersMinChars: 3,
  lineDecorationsWidth: 8,
  // Hovers and suggestions escape the editor's box instead of being clipped by an overflow: hidden parent.
  fixedOverflowWidgets: true,
};

const COMPACT_OPTIONS: monaco.editor.IEditorOptions = {
  wordWrap: 'on',
  folding: false,
  lineNumbersMinChars: 2,
};

/**
 * Monaco's light theme fades unused code (the starter's unread `saved`, say) to 47% opacity: 3.5:1 on the
 * editor's white, under WCAG's 4.5:1. At 60% it still looks unused and reads at 5.7:1. ('vs-dark' fades
 * to 67%, which keeps 5.7:1 on its own background.)
 */
monaco.editor.defineTheme('kata-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editorUnnecessaryCode.opacity': '#00000099' },
});

/** Monaco's dark theme colours comments #608B4E, 3.9:1 on its background; VS Code's own dark comment reads at 5:1. */
monaco.editor.defineTheme('kata-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [{ token: 'comment', foreground: '6A9955' }],
  colors: {},
});

const monacoTheme = (theme: 'light' | 'dark') => (theme === 'dark' ? 'kata-dark' : 'kata-light');

export function createKataEditor(container: HTMLElement, options: KataEditorOptions): KataEditor {
  const uri = monaco.Uri.parse(options.modelPath);
  const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(options.code, 'typescript', uri);
  monaco.editor.setTheme(monacoTheme(options.theme));
  const editor = monaco.editor.create(container, {
    ...BASE_OPTIONS,
    model,
    ariaLabel: options.ariaLabel ?? DEFAULT_ARIA_LABEL,
    ...(options.compact ? COMPACT_OPTIONS : {}),
  });

  editor.addAction({
    id: 'kata.run',
    label: 'Run code',
    // CtrlCmd is Cmd on macOS and Ctrl elsewhere; WinCtrl is Ctrl on macOS and Meta elsewhere.
    keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, monaco.KeyMod.WinCtrl | monaco.KeyCode.Enter],
    run: () => options.onRun(),
  });

  const glyphs = editor.createDecorationsCollection();
  const clearMarks = () => {
    monaco.editor.setModelMarkers(model, MARKER_OWNER, []);
    glyphs.clear();
  };
  const setMarks = (marks: readonly EditorMark[]) => {
    const markers = marks
      .filter((mark) => mark.line >= 1 && mark.line <= model.getLineCount())
      .map((mark): monaco.editor.IMarkerData => {
        const lineEnd = model.getLineMaxColumn(mark.line);
        const start = mark.column === null ? model.getLineFirstNonWhitespaceColumn(mark.line) || 1 : mark.column;
        const word = mark.column === null ? null : model.getWordAtPosition({ lineNumber: mark.line, column: start });
        return {
          severity: monaco.MarkerSeverity.Error,
          message: mark.message,
          source: 'Run',
          startLineNumber: mark.line,
          startColumn: Math.min(start, lineEnd),
          endLineNumber: mark.line,
          endColumn: word ? word.endColumn : lineEnd,
        };
      });
    monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
    glyphs.set(
      markers.map((marker) => ({
        range: new monaco.Range(marker.startLineNumber, 1, marker.startLineNumber, 1),
        options: {
          glyphMarginClassName: 'kata-glyph-error',
          // No glyph hover: its text would be rendered as Markdown, and the message quotes the learner's
          // error, which is any text at all. The marker's own hover shows it as plain text.
          className: 'kata-line-error',
          isWholeLine: true,
        },
      })),
    );
  };

  const subscriptions = [
    model.onDidChangeContent(() => {
      // A Run's findings describe the code it graded; after an edit they would point at the wrong place.
      clearMarks();
      options.onChange(model.getValue());
    }),
    monaco.editor.onDidChangeMarkers((uris) => {
      if (!options.onTypeErrors || !uris.some((changed) => changed.toString() === uri.toString())) return;
      const errors = monaco.editor
        .getModelMarkers({ resource: uri, owner: TYPESCRIPT_MARKER_OWNER })
        .filter((marker) => marker.severity === monaco.MarkerSeverity.Error);
      options.onTypeErrors(errors.length);
    }),
  ];

  const replaceCode = (code: string) => {
    if (code === model.getValue()) return;
    editor.pushUndoStop();
    editor.executeEdits('kata', [{ range: model.getFullModelRange(), text: code }]);
    editor.pushUndoStop();
  };

  // Where the learner was, for the next editor on this model (the layout swaps editors at the phone width).
  const viewState = VIEW_STATES.get(options.modelPath);
  if (viewState) editor.restoreViewState(viewState);

  let ready: Promise<void> | undefined;
  const whenReady = () => (ready ??= whenTypeScriptReady(uri));
  const removeTestHook = installTestHook(editor, { whenReady, replaceCode });
  // This fetches the tfjs declarations, only now that the code is on screen.
  whenReady().then(
    () => {
      if (!model.isDisposed()) options.onReady?.();
    },
    (error: unknown) => console.error('The TypeScript service did not start:', error),
  );

  return {
    replaceCode,
    focusAtOffset(start, end) {
      const from = model.getPositionAt(start);
      const to = model.getPositionAt(end);
      editor.setSelection(monaco.Selection.fromPositions(from, to));
      editor.focus();
    },
    reveal(line, column) {
      // Results can name a line the code no longer has (they may describe an earlier version).
      const lineNumber = Math.min(Math.max(1, line), model.getLineCount());
      const position = { lineNumber, column: column ?? (model.getLineFirstNonWhitespaceColumn(lineNumber) || 1) };
      editor.setPosition(position);
      editor.revealPositionInCenterIfOutsideViewport(position);
      editor.focus();
    },
    setMarks,
    setTheme: (theme) => monaco.editor.setTheme(monacoTheme(theme)),
    focus: () => editor.focus(),
    dispose() {
      for (const subscription of subscriptions) subscription.dispose();
      removeTestHook();
      clearMarks();
      const state = editor.saveViewState();
      if (state) VIEW_STATES.set(options.modelPath, state);
      // The model stays: it holds the text and the undo history for the next editor on the same path
      // (the layout changes editors when the window crosses the phone breakpoint).
      editor.dispose();
    },
  };
}
