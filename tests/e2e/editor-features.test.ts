/**
 * The Monaco features src/ui/editor/monaco.ts picks (instead of all of them) are the ones the built editor
 * offers: every action a learner reaches from the keyboard, the context menu or F1 is there, and the
 * features left out to save bytes are not (build/monaco-features-plugin.ts keeps them from coming back).
 */
import { describe, expect, it } from 'vitest';
import type { KataEditorTestHook } from '../../src/ui/editor/testHook.ts';
import { useKataHarness } from './harness.ts';

const harness = useKataHarness();

type HookWindow = { __kataEditor?: KataEditorTestHook };

/** What a learner uses, by feature: the action or command each one registers. */
const KEPT_ACTIONS = {
  suggest: 'editor.action.triggerSuggest',
  hover: 'editor.action.showHover',
  'parameter hints': 'editor.action.triggerParameterHints',
  'marker navigation (F8)': 'editor.action.marker.next',
  'quick fix': 'editor.action.quickFix',
  rename: 'editor.action.rename',
  format: 'editor.action.formatDocument',
  'go to definition': 'editor.action.revealDefinition',
  'find references': 'editor.action.referenceSearch.trigger',
  find: 'actions.find',
  replace: 'editor.action.startFindReplaceAction',
  folding: 'editor.fold',
  'bracket matching': 'editor.action.jumpToBracket',
  comment: 'editor.action.commentLine',
  clipboard: 'editor.action.clipboardCopyAction',
  'multi-cursor': 'editor.action.insertCursorBelow',
  'lines operations': 'editor.action.moveLinesDownAction',
  'word highlighter': 'editor.action.wordHighlight.next',
  'expand selection': 'editor.action.smartSelect.expand',
  'command palette (F1)': 'editor.action.quickCommand',
  'go to line': 'editor.action.gotoLine',
  'Tab moves the focus': 'editor.action.toggleTabFocusMode',
  indentation: 'editor.action.reindentlines',
} as const;

/** Left out of the build: nothing in a TypeScript kata needs them. */
const DROPPED_ACTIONS = {
  'inline completions': 'editor.action.inlineSuggest.trigger',
  'colour picker': 'editor.action.showOrFocusStandaloneColorPicker',
  'linked editing': 'editor.action.linkedEditing',
  'font zoom': 'editor.action.fontZoomIn',
  'inspect tokens': 'editor.action.inspectTokens',
} as const;

describe('the editor', () => {
  it("offers the features a learner uses, and not the ones the build leaves out", async () => {
    const { page } = await harness.open();
    await page.waitForFunction(() => (window as unknown as HookWindow).__kataEditor !== undefined);
    const ids = new Set(await page.evaluate(() => (window as unknown as HookWindow).__kataEditor?.getCommandIds() ?? []));
    const missing = Object.entries(KEPT_ACTIONS).filter(([, id]) => !ids.has(id));
    expect(missing, 'features missing from the editor').toEqual([]);
    const present = Object.entries(DROPPED_ACTIONS).filter(([, id]) => ids.has(id));
    expect(present, 'features the build should have left out').toEqual([]);
  });
});
