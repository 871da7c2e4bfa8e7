import Editor, { type OnMount } from '@monaco-editor/react';
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { CodeEditorProps } from './CodeEditor.tsx';
import { DEFAULT_ARIA_LABEL, EDITOR_FONT_FAMILY, EDITOR_FONT_SIZE, EDITOR_LINE_HEIGHT } from './editorDefaults.ts';
import { whenTypeScriptReady } from './languageService.ts';
import { monaco } from './monaco.ts';
import { installTestHook } from './testHook.ts';
import { LEARNER_FILE_PATH } from './tfjsTypes.ts';

const BASE_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
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
  // Hovers and suggestions escape the editor's box instead of being clipped by an overflow: hidden parent.
  fixedOverflowWidgets: true,
};

/** Loaded lazily by `CodeEditor`; see there for the props. */
export default function MonacoCodeEditor({
  value,
  onChange,
  onRun,
  theme,
  ariaLabel = DEFAULT_ARIA_LABEL,
  modelPath = LEARNER_FILE_PATH,
  onReady,
}: CodeEditorProps) {
  // Monaco keeps what it is given at mount; the latest callbacks are read through refs, not stale closures.
  const latest = useRef({ onRun, onReady });
  useLayoutEffect(() => {
    latest.current = { onRun, onReady };
  });

  const options = useMemo(() => ({ ...BASE_OPTIONS, ariaLabel }), [ariaLabel]);

  const handleMount: OnMount = (editor) => {
    editor.addAction({
      id: 'kata.run',
      label: 'Run code',
      // CtrlCmd is Cmd on macOS and Ctrl elsewhere; WinCtrl is Ctrl on macOS and Meta elsewhere.
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, monaco.KeyMod.WinCtrl | monaco.KeyCode.Enter],
      run: () => latest.current.onRun(),
    });

    const model = editor.getModel();
    if (!model) return;
    let ready: Promise<void> | undefined;
    const whenReady = () => (ready ??= whenTypeScriptReady(model.uri));
    editor.onDidDispose(installTestHook(editor, whenReady));

    // This fetches the tfjs declarations, only now that the code is on screen.
    whenReady().then(
      () => {
        if (!model.isDisposed()) latest.current.onReady?.();
      },
      (error: unknown) => console.error('The TypeScript service did not start:', error),
    );
  };

  return (
    <Editor
      language="typescript"
      path={modelPath}
      value={value}
      onChange={(code) => onChange(code ?? '')}
      theme={theme === 'dark' ? 'vs-dark' : 'vs'}
      options={options}
      onMount={handleMount}
      loading={null}
    />
  );
}
