/**
 * The boot script: a classic script in index.html's head, so it runs before the body is parsed and painted.
 * It does what the first paint needs and React would do too late:
 * - the theme, from the learner's choice or the system's, so a dark page never flashes light;
 * - which pre-rendered view to show (the route is in the fragment, which the server never saw);
 * - the other views out of the document as the parser adds them;
 * - the learner's saved code in that view's text area, as soon as the parser has made it, so that what shows
 *   (and what they may start typing into) is their code, not the starter.
 * It imports only pure modules; the build bundles it on its own (build/prerender-plugin.ts).
 */
import { NARROW_QUERY } from '../layout/narrow.ts';
import { INDEX_ROUTE, routeOf } from '../route.ts';
import { openingCode } from '../state/opening-code.ts';
import { deploymentPathOf, scopedKey } from '../state/storage-keys.ts';
import { DARK_QUERY, readPreference, themeOf } from '../state/theme-preference.ts';
import { PRERENDER_CLASS, PRERENDER_COURSE_ATTRIBUTE, PRERENDER_VIEW_ATTRIBUTE, prerenderElementId, prerenderViewId } from './views.ts';

const html = document.documentElement;
html.dataset.theme = themeOf(readPreference(), matchMedia(DARK_QUERY).matches);

// As useRoute reads it at load: a fragment that is not a route (an anchor) shows the index.
const route = routeOf(location.hash) ?? INDEX_ROUTE;
const viewId = prerenderViewId(route, matchMedia(NARROW_QUERY).matches ? 'narrow' : 'wide');
html.setAttribute(PRERENDER_VIEW_ATTRIBUTE, viewId);

const courseId = html.getAttribute(PRERENDER_COURSE_ATTRIBUTE);
const saved =
  route.kind === 'problem' && courseId !== null
    ? savedRecord(scopedKey({ path: deploymentPathOf(location.href), courseId }, 'problem', route.slug))
    : null;
whileParsing(prerenderElementId(viewId), saved);

/** The saved record's code and starter, if it has them; the page reads it again through its schema. */
function savedRecord(key: string): { code: string; starter: string } | null {
  try {
    const record: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
    if (typeof record !== 'object' || record === null) return null;
    const { code, starter } = record as Record<string, unknown>;
    return typeof code === 'string' && typeof starter === 'string' ? { code, starter } : null;
  } catch {
    return null;
  }
}

/**
 * As the parser adds them: the views not chosen leave the document (hidden, they would still be found by
 * anything that looks for a heading, a text area or an id), and the chosen view's text area gets the code the
 * page will open with.
 */
function whileParsing(chosenId: string, saved: { code: string; starter: string } | null): void {
  let filled = saved === null;
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof HTMLElement && node.classList.contains(PRERENDER_CLASS) && node.id !== chosenId) node.remove();
      }
    }
    if (filled || !saved) return;
    const textArea = document.getElementById(chosenId)?.querySelector('textarea');
    if (!textArea) return;
    filled = true;
    // The text area holds the current starter: the same choice the page makes (useSavedWork).
    const code = openingCode(saved, textArea.defaultValue).code;
    // `defaultValue` too: the page tells an edit made before it loaded by the value differing from it.
    if (code !== textArea.defaultValue) textArea.defaultValue = textArea.value = code;
  });
  observer.observe(html, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', () => observer.disconnect(), { once: true });
}
