/**
 * The page's routes live in the URL's fragment (`#/` the index, `#/<slug>` a problem): a static host serves
 * the one index.html whatever follows the `#`, from any sub-path, so a bookmarked or shared problem URL loads
 * directly, and the browser's Back and Forward move between them (each change is a `hashchange`).
 */
import { useSyncExternalStore } from 'react';

export type Route = { readonly kind: 'index' } | { readonly kind: 'problem'; readonly slug: string };

export const INDEX_ROUTE: Route = { kind: 'index' };

/** Where a route lives, as an href relative to the page: `#/` or `#/<slug>`. */
export function hrefOf(route: Route): string {
  return route.kind === 'index' ? '#/' : `#/${encodeURIComponent(route.slug)}`;
}

/**
 * The route a fragment names, or null when the fragment is not a route: an in-page anchor such as `#editor`,
 * or a footnote's link in a statement, which must not take the learner off the problem.
 */
export function routeOf(hash: string): Route | null {
  if (hash === '' || hash === '#' || hash === '#/') return INDEX_ROUTE;
  if (!hash.startsWith('#/')) return null;
  let path: string;
  try {
    path = decodeURIComponent(hash.slice(2));
  } catch {
    // A malformed escape (`#/%E0`) names no problem; the page says so rather than failing.
    path = hash.slice(2);
  }
  // `#/slug/` is a slip of the keyboard for `#/slug`.
  const slug = path.replace(/\/+$/, '');
  return slug === '' ? INDEX_ROUTE : { kind: 'problem', slug };
}

function sameRoute(a: Route, b: Route): boolean {
  return hrefOf(a) === hrefOf(b);
}

/** The route last shown: an anchor that is not a route keeps it. Module state, as the URL itself is. */
let current: Route = INDEX_ROUTE;

function readRoute(): Route {
  const next = routeOf(window.location.hash);
  // The same object while the route is the same: useSyncExternalStore re-renders on a new one.
  if (next !== null && !sameRoute(next, current)) current = next;
  return current;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The route in the address bar; re-renders on Back, Forward, a link or a typed URL. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, readRoute);
}
