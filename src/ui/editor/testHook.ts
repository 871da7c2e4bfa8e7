/**
 * Test seam: end-to-end tests read and write the editor through `window.__kataEditor` instead of driving
 * Monaco's DOM. It is installed for every mounted editor (there is one) and has no use in the app itself.
 */
import { CommandsRegistry } from 'monaco-editor/platform/commands/common/commands';
import { monaco } from './monaco.ts';

export type EditorMarker = {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  /** TypeScript's error number as text, e.g. '2322'. */
  code: string | undefined;
  /** Who set it: 'typescript' for the language service, 'kata-run' for a Run's findings. */
  owner: string;
};

export type KataEditorTestHook = {
  getValue(): string;
  /** Replaces the whole text as one undoable edit, like a paste; `onChange` fires as for typing. */
  setValue(code: string): void;
  getMarkers(): EditorMarker[];
  /** The cursor, 1-based. */
  getCursor(): { line: number; column: number };
  /** Resolves once the tfjs types are loaded and the TypeScript worker has checked the code. */
  whenReady(): Promise<void>;
  /** The ids of the editor's actions and Monaco's commands (`editor.action.rename`...): the features built in. */
  getCommandIds(): string[];
};

declare global {
  interface Window {
    __kataEditor?: KataEditorTestHook;
  }
}

const SEVERITY: Record<monaco.MarkerSeverity, EditorMarker['severity']> = {
  [monaco.MarkerSeverity.Error]: 'error',
  [monaco.MarkerSeverity.Warning]: 'warning',
  [monaco.MarkerSeverity.Info]: 'info',
  [monaco.MarkerSeverity.Hint]: 'hint',
};

/** Installs the hook for `editor`; the returned function removes it again (if it is still this editor's). */
export function installTestHook(
  editor: monaco.editor.IStandaloneCodeEditor,
  { whenReady, replaceCode }: { whenReady: () => Promise<void>; replaceCode: (code: string) => void },
): () => void {
  const model = () => {
    const current = editor.getModel();
    if (!current) throw new Error('the editor has no model');
    return current;
  };
  const hook: KataEditorTestHook = {
    getValue: () => model().getValue(),
    setValue: replaceCode,
    getMarkers: () =>
      monaco.editor.getModelMarkers({ resource: model().uri }).map((marker) => ({
        line: marker.startLineNumber,
        column: marker.startColumn,
        message: marker.message,
        severity: SEVERITY[marker.severity],
        code: typeof marker.code === 'object' ? marker.code.value : marker.code,
        owner: marker.owner,
      })),
    getCursor: () => {
      const position = editor.getPosition();
      return { line: position?.lineNumber ?? 0, column: position?.column ?? 0 };
    },
    whenReady,
    getCommandIds: () => [
      ...new Set([...editor.getSupportedActions().map((action) => action.id), ...CommandsRegistry.getCommands().keys()]),
    ],
  };
  window.__kataEditor = hook;
  return () => {
    if (window.__kataEditor === hook) delete window.__kataEditor;
  };
}
