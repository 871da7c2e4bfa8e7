import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type Ref } from 'react';
import { DEFAULT_ARIA_LABEL, EDITOR_FONT_FAMILY, EDITOR_FONT_SIZE, EDITOR_LINE_HEIGHT } from './editorDefaults.ts';
import type { EditorMark, KataEditor } from './kataEditor.ts';
import { takePrerenderedEditor, type PrerenderedEditor } from '../prerender/handoff.ts';
import './editor.css';

export type { EditorMark };

/** What the page may do to the code from outside: all of it undoable, none of it a re-render. */
export type CodeEditorHandle = {
  /** Replaces the code as one undoable edit (Reset, a new starter, Open file…). */
  replaceCode(code: string): void;
  /** Puts the cursor at a line and column and focuses the editor. */
  reveal(line: number, column: number | null): void;
  focus(): void;
};

export type CodeEditorProps = {
  ref?: Ref<CodeEditorHandle>;
  /**
   * The code at mount, shown until Monaco is there (Monaco's model, if one is left from an earlier editor,
   * keeps its own). Later changes go through `replaceCode`: the editor owns its text.
   */
  initialCode: string;
  onChange(code: string): void;
  /** Ctrl+Enter or Cmd+Enter inside the editor. */
  onRun(): void;
  theme: 'light' | 'dark';
  ariaLabel?: string;
  /** The model's URI; TypeScript resolves `@tensorflow/tfjs` relative to it. */
  modelPath: string;
  /** Phones: soft-wrapped lines, a narrower gutter. A change makes a new editor on the same model. */
  compact?: boolean;
  /** Findings of the last Run, shown on their lines until the next edit. */
  marks: readonly EditorMark[];
  /** Called once the tfjs types are loaded and TypeScript has checked the code. */
  onReady?(): void;
  /** TypeScript's error count for the code, whenever it changes. */
  onTypeErrors?(count: number): void;
};

/**
 * Where Monaco's text starts, right of its line numbers, glyph margin and folding controls (measured in
 * Chromium): the plain text area starts its text there too, so that a click lands on the same character
 * before and after Monaco takes over.
 */
const PLAIN_GUTTER_PX = 69;
const PLAIN_GUTTER_COMPACT_PX = 45;

/**
 * Asks TypeScript's parser, in Monaco's worker, for the first syntax error of the model at `modelPath`.
 * Loads nothing new: the editor chunk is already there when there is code to check.
 */
export async function firstSyntaxErrorIn(modelPath: string) {
  const [{ firstSyntaxError }, { monaco }] = await Promise.all([import('./languageService.ts'), import('./monaco.ts')]);
  return firstSyntaxError(monaco.Uri.parse(modelPath));
}

/**
 * True once the learner has reached for the code on this page. Monaco is about 4 MB of script to compile and
 * run on the main thread (several hundred milliseconds of one long task on a phone): loaded with the page, it
 * would hold up everything else the learner does first, reading the statement included. The plain text area
 * shows the code and takes input meanwhile; Monaco comes as soon as the pointer is over the code, a finger
 * touches it or it gets the focus, and takes over what was typed.
 */
let editorWanted = false;

/**
 * A TypeScript editor with IntelliSense from the real TF.js declarations. It fills its parent, which needs a
 * definite height. Until Monaco has loaded, a plain text area holds the code, and the learner can already
 * type in it: Monaco takes over its text, selection and focus in one step, so no keystroke falls between.
 */
export function CodeEditor(props: CodeEditorProps) {
  const { ref, initialCode, theme, modelPath, marks, compact = false, ariaLabel = DEFAULT_ARIA_LABEL, ...callbacks } = props;
  const host = useRef<HTMLDivElement>(null);
  const plain = useRef<HTMLTextAreaElement>(null);
  const editor = useRef<KataEditor | null>(null);
  const plainEdited = useRef(false);
  const [monacoShown, setMonacoShown] = useState(false);
  // The pre-rendered page's text area, which this one replaces: what the learner typed there is theirs.
  const [handoff] = useState<PrerenderedEditor | null>(takePrerenderedEditor);
  const openingCode = handoff?.edited ? handoff.value : initialCode;
  // Monaco loads when the learner reaches for the code, not with the page (see `wakeEditor`); at once if they
  // already did, in the pre-rendered page or in an editor this one replaces.
  const [wanted, setWanted] = useState(() => editorWanted || (handoff !== null && (handoff.edited || handoff.focused)));
  const wake = () => {
    editorWanted = true;
    setWanted(true);
  };

  // Monaco keeps the callbacks it was given at creation; it reads the latest ones through this ref.
  const latest = useRef({ callbacks, theme, marks, initialCode });
  useLayoutEffect(() => {
    latest.current = { callbacks, theme, marks, initialCode };
  });

  useLayoutEffect(() => {
    const textArea = plain.current;
    if (!handoff || !textArea) return;
    if (handoff.edited) {
      plainEdited.current = true;
      latest.current.callbacks.onChange(handoff.value);
    }
    // Before the browser paints: the caret and the scroll never move.
    if (handoff.focused) textArea.focus({ preventScroll: true });
    textArea.setSelectionRange(handoff.selectionStart, handoff.selectionEnd, handoff.selectionDirection);
    textArea.scrollTop = handoff.scrollTop;
  }, [handoff]);

  useEffect(() => {
    if (!wanted) return;
    let disposed = false;
    let created: KataEditor | undefined;
    // Monaco is a chunk of its own: the page paints, and the code can be read and typed, without it.
    import('./kataEditor.ts').then(
      ({ createKataEditor }) => {
        if (disposed || !host.current) return;
        const textArea = plain.current;
        const typedInPlain = plainEdited.current && textArea !== null;
        const code = typedInPlain ? textArea.value : latest.current.initialCode;
        const hadFocus = textArea !== null && document.activeElement === textArea;
        created = createKataEditor(host.current, {
          code,
          modelPath,
          theme: latest.current.theme,
          ariaLabel,
          compact,
          onChange: (next) => latest.current.callbacks.onChange(next),
          onRun: () => latest.current.callbacks.onRun(),
          onReady: () => latest.current.callbacks.onReady?.(),
          onTypeErrors: (count) => latest.current.callbacks.onTypeErrors?.(count),
        });
        // A model outlives its editor (the layout swaps editors at the phone breakpoint) and then keeps its
        // text and undo history; only what the learner typed into the text area meanwhile replaces it.
        if (typedInPlain) created.replaceCode(code);
        if (hadFocus && textArea) created.focusAtOffset(textArea.selectionStart, textArea.selectionEnd);
        created.setMarks(latest.current.marks);
        editor.current = created;
        setMonacoShown(true);
      },
      (error: unknown) => console.error('The code editor could not load; the plain text area stays:', error),
    );
    return () => {
      disposed = true;
      created?.dispose();
      editor.current = null;
    };
  }, [modelPath, ariaLabel, compact, wanted]);

  useEffect(() => editor.current?.setTheme(theme), [theme]);
  useEffect(() => editor.current?.setMarks(marks), [marks]);

  useImperativeHandle(
    ref,
    () => ({
      replaceCode(code) {
        if (editor.current) {
          editor.current.replaceCode(code);
        } else if (plain.current && plain.current.value !== code) {
          // As an edit of the text area's own (select all, insert), so that its Ctrl+Z undoes it too;
          // `input` follows and reports the change. Where the browser refuses, the value is set instead.
          const textArea = plain.current;
          textArea.select();
          if (!document.execCommand('insertText', false, code) || textArea.value !== code) {
            textArea.value = code;
            plainEdited.current = true;
            latest.current.callbacks.onChange(code);
          }
        }
      },
      focus() {
        if (editor.current) editor.current.focus();
        else plain.current?.focus();
      },
      reveal(line, column) {
        if (editor.current) {
          editor.current.reveal(line, column);
          return;
        }
        const textArea = plain.current;
        if (!textArea) return;
        const lines = textArea.value.split('\n');
        const offset = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + (column ?? 1) - 1;
        textArea.focus();
        textArea.setSelectionRange(offset, offset);
      },
    }),
    [],
  );

  return (
    <div
      className="code-editor"
      // Any sign that the learner is about to use the code: the pointer over it, a touch, the focus, a key.
      onPointerOver={wanted ? undefined : wake}
      onPointerDown={wanted ? undefined : wake}
      onTouchStart={wanted ? undefined : wake}
      onFocus={wanted ? undefined : wake}
      onKeyDown={wanted ? undefined : wake}
    >
      <div ref={host} className="code-editor__monaco" />
      {!monacoShown && (
        <textarea
          ref={plain}
          className="code-editor__plain"
          defaultValue={openingCode}
          aria-label={ariaLabel}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          autoComplete="off"
          wrap="off"
          style={{
            fontFamily: EDITOR_FONT_FAMILY,
            fontSize: EDITOR_FONT_SIZE,
            lineHeight: `${EDITOR_LINE_HEIGHT}px`,
            paddingLeft: compact ? PLAIN_GUTTER_COMPACT_PX : PLAIN_GUTTER_PX,
          }}
          onInput={(event) => {
            plainEdited.current = true;
            callbacks.onChange(event.currentTarget.value);
          }}
        />
      )}
    </div>
  );
}
