/**
 * Test seam, as ../editor/testHook.ts is for the code editor: end-to-end tests read the comparison's two sides
 * through `window.__kataDiff` instead of Monaco's DOM (which renders only the lines in view). No use in the app.
 */
import type { monaco } from '../editor/monaco.ts';

export type KataDiffSide = {
  value: string;
  /** What Monaco's own option says, beside what typing into it does (the tests try that too). */
  readOnly: boolean;
};

export type KataDiffTestHook = {
  original(): KataDiffSide;
  modified(): KataDiffSide;
  /** True when the changes are shown in one column (a narrow screen), false when side by side. */
  inline(): boolean;
  /** How many differences Monaco found; resolves once it has computed them. */
  changeCount(): Promise<number>;
};

declare global {
  interface Window {
    __kataDiff?: KataDiffTestHook;
  }
}

export function installDiffTestHook(editor: monaco.editor.IStandaloneDiffEditor): () => void {
  const side = (sideEditor: monaco.editor.ICodeEditor): KataDiffSide => {
    const model = sideEditor.getModel();
    if (!model) throw new Error('the comparison has no model');
    return { value: model.getValue(), readOnly: sideEditor.getRawOptions().readOnly === true };
  };
  const hook: KataDiffTestHook = {
    original: () => side(editor.getOriginalEditor()),
    modified: () => side(editor.getModifiedEditor()),
    // Inline, Monaco shrinks the original side to a sliver (measured: 17 px) and shows its removed lines
    // inside the modified one, which takes the whole width; side by side, they share it evenly.
    inline: () => editor.getOriginalEditor().getLayoutInfo().width * 4 < editor.getModifiedEditor().getLayoutInfo().width,
    changeCount: () =>
      new Promise((resolve) => {
        const changes = editor.getLineChanges();
        if (changes !== null) {
          resolve(changes.length);
          return;
        }
        const listener = editor.onDidUpdateDiff(() => {
          listener.dispose();
          resolve(editor.getLineChanges()?.length ?? 0);
        });
      }),
  };
  window.__kataDiff = hook;
  return () => {
    if (window.__kataDiff === hook) delete window.__kataDiff;
  };
}
