/**
 * Axe in the built page: its serious and critical violations, one line each with where and why, so that a
 * failure says what to fix. Every e2e test that checks accessibility asks through here.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * Monaco's own DOM is left out: it is a third-party widget whose internals (its hidden input, its view
 * lines, its scrollbars) the kata does not author. It lives inside `.monaco-editor`, except for the live
 * regions Monaco appends to <body> for screen-reader announcements (`.monaco-aria-container`, empty and
 * visually hidden) and the widgets it moves out of the editor's box (`fixedOverflowWidgets`).
 */
export const MONACO_OWNED = ['.monaco-editor', '.monaco-aria-container', '.overflowingContentWidgets', '.overflowingOverlayWidgets'];

export type AxeScope = {
  /** Check only inside this selector (a dialog, a section); the whole page when left out. */
  readonly include?: string;
  /** More to leave out, beside Monaco's own DOM: another third-party widget (Monaco's diff editor). */
  readonly exclude?: readonly string[];
};

export async function seriousViolations(page: Page, scope: AxeScope = {}): Promise<string[]> {
  // Only violations come back in full: passes and incomplete results are long lists that nothing here reads.
  let builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
  if (scope.include) builder = builder.include(scope.include);
  for (const selector of [...MONACO_OWNED, ...(scope.exclude ?? [])]) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => [
      `${violation.id} (${violation.impact}, ${violation.nodes.length} node${violation.nodes.length === 1 ? '' : 's'}): ${violation.help}`,
      ...violation.nodes.map(
        (node) => `    ${node.target.join(' ')}: ${(node.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`,
      ),
    ]);
}
