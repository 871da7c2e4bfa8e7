import { lazy, Suspense } from 'react';
import { DEFAULT_ARIA_LABEL, EDITOR_FONT_FAMILY, EDITOR_FONT_SIZE, EDITOR_LINE_HEIGHT } from './editorDefaults.ts';

export type CodeEditorProps = {
  /** The code. Changes from outside (e.g. a Reset) are applied as an undoable edit. */
  value: string;
  onChange: (code: string) => void;
  /** Ctrl+Enter or Cmd+Enter inside the editor. */
  onRun: () => void;
  theme: 'light' | 'dark';
  ariaLabel?: string;
  /** The model's URI; TypeScript resolves `@tensorflow/tfjs` relative to it. */
  modelPath?: string;
  /** Called once the tfjs types are loaded and TypeScript has checked the code. */
  onReady?: () => void;
};

/**
 * Asks TypeScript's parser, in Monaco's worker, for the first syntax error of the model at `modelPath`.
 * Loads nothing new: the editor chunk is already there when there is code to check.
 */
export async function firstSyntaxErrorIn(modelPath: string) {
  const [{ firstSyntaxError }, { monaco }] = await Promise.all([import('./languageService.ts'), import('./monaco.ts')]);
  return firstSyntaxError(monaco.Uri.parse(modelPath));
}

// Monaco is a chunk of its own, whatever the importer of this module does: the page paints without it.
const MonacoCodeEditor = lazy(() => import('./MonacoCodeEditor.tsx'));

/**
 * A TypeScript editor with IntelliSense from the real TF.js declarations. It fills its parent, which needs
 * a definite height. Until Monaco has loaded, the code is shown as plain text in its place.
 */
export function CodeEditor(props: CodeEditorProps) {
  return (
    <Suspense fallback={<PlainCode code={props.value} ariaLabel={props.ariaLabel ?? DEFAULT_ARIA_LABEL} />}>
      <MonacoCodeEditor {...props} />
    </Suspense>
  );
}

function PlainCode({ code, ariaLabel }: { code: string; ariaLabel: string }) {
  return (
    <pre
      aria-label={ariaLabel}
      aria-busy="true"
      style={{
        margin: 0,
        height: '100%',
        overflow: 'auto',
        padding: '0 0 0 64px',
        fontFamily: EDITOR_FONT_FAMILY,
        fontSize: EDITOR_FONT_SIZE,
        lineHeight: `${EDITOR_LINE_HEIGHT}px`,
      }}
    >
      {code}
    </pre>
  );
}
