/**
 * Monaco's diff editor for "Compare with the reference": the learner's code on the left (original), the
 * reference solution on the right (modified), both read-only. It comes from the same Monaco as the code
 * editor (../editor/monaco.ts), which is already on the page by the time the learner has passed a Run.
 */
import { EDITOR_FONT_FAMILY, EDITOR_FONT_SIZE, EDITOR_LINE_HEIGHT } from '../editor/editorDefaults.ts';
// For its `MonacoEnvironment`: the diff is computed in Monaco's editor worker, which that module sets up.
import '../editor/languageService.ts';
import { monaco } from '../editor/monaco.ts';
import { installDiffTestHook } from './diffTestHook.ts';

export type ReferenceDiffOptions = {
  /** The problem's slug: the models live beside the learner's own, so `@tensorflow/tfjs` resolves for them too. */
  slug: string;
  yours: string;
  reference: string;
  /** Phones: one column, changes shown inline, long lines wrapped. */
  narrow: boolean;
};

export type ReferenceDiffEditor = {
  setNarrow(narrow: boolean): void;
  focus(): void;
  dispose(): void;
};

const READ_ONLY_MESSAGE = { value: 'This comparison is read-only: change your code in the editor.' };

function layoutOptions(narrow: boolean): monaco.editor.IDiffEditorOptions {
  return {
    renderSideBySide: !narrow,
    wordWrap: narrow ? 'on' : 'off',
    // Inline, each line shows both sides' numbers: two digits each, with room between them.
    lineNumbersMinChars: 3,
  };
}

/**
 * Mounts the comparison in `container` (which needs a definite size). The models are fresh copies, not the
 * editor's own: closing the comparison disposes them and leaves the learner's model, its undo history included,
 * untouched.
 */
export function createReferenceDiffEditor(container: HTMLElement, options: ReferenceDiffOptions): ReferenceDiffEditor {
  // Paths of its own for each comparison, so that they never name a model some other code still holds.
  const stamp = Date.now().toString(36);
  const original = monaco.editor.createModel(
    options.yours,
    'typescript',
    monaco.Uri.parse(`file:///${options.slug}/compare-${stamp}/your-code.ts`),
  );
  const modified = monaco.editor.createModel(
    options.reference,
    'typescript',
    monaco.Uri.parse(`file:///${options.slug}/compare-${stamp}/reference-solution.ts`),
  );
  // No theme here: Monaco's theme is one for the whole page, and the code editor keeps it in step with the page's.
  const editor = monaco.editor.createDiffEditor(container, {
    fontFamily: EDITOR_FONT_FAMILY,
    fontSize: EDITOR_FONT_SIZE,
    lineHeight: EDITOR_LINE_HEIGHT,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    readOnly: true,
    originalEditable: false,
    // No on-screen keyboard on a phone for text that cannot be typed into.
    domReadOnly: true,
    readOnlyMessage: READ_ONLY_MESSAGE,
    accessibilitySupport: 'auto',
    // Whitespace counts: an indentation the learner changed is a difference they may want to see.
    ignoreTrimWhitespace: false,
    // Each side's own overview ruler would be a stray mark at its top right (the cursor's place) and nothing else.
    renderOverviewRuler: false,
    overviewRulerLanes: 0,
    overviewRulerBorder: false,
    hideCursorInOverviewRuler: true,
    // Nothing to revert or stage in a comparison that cannot be edited.
    renderMarginRevertIcon: false,
    renderGutterMenu: false,
    // The page decides between one column and two (`narrow`), so the labels above the sides always match them;
    // for the same reason the split stays in the middle, under its labels.
    useInlineViewWhenSpaceIsLimited: false,
    enableSplitViewResizing: false,
    fixedOverflowWidgets: true,
    ariaLabel: 'Your code beside the reference solution',
    originalAriaLabel: 'Your code (read-only)',
    modifiedAriaLabel: 'Reference solution (read-only)',
    ...layoutOptions(options.narrow),
  });
  editor.setModel({ original, modified });
  const removeTestHook = installDiffTestHook(editor);

  return {
    setNarrow: (narrow) => editor.updateOptions(layoutOptions(narrow)),
    focus: () => editor.getModifiedEditor().focus(),
    dispose() {
      removeTestHook();
      editor.dispose();
      original.dispose();
      modified.dispose();
    },
  };
}
