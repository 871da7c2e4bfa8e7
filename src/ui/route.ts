/**
 * The page's routes live in the URL's fragment (`#/` the index, `#/<slug>` a problem): a static host serves
 * the one index.html whatever follows the `#`, from any sub-path, so a bookmarked or shared problem URL loads
 * directly, and the browser's Back and Forward move between them (each change is a `hashchange`).
 *
 * A problem's fragment may carry a query after its slug, `#/<slug>?code=<lz>&check=<hex>`: code someone shared
 * (src/ui/share.ts). It is not part of the route: the same problem is shown with or without it, and removing
 * it from the address bar once the learner has answered does not re-render the page.
 */
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
  // The raw `?` ends the path; a slug's own question mark would be escaped (`%3F`).
  const rawPath = splitQuery(hash.slice(2)).path;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // A malformed escape (`#/%E0`) names no problem; the page says so rather than failing.
    path = rawPath;
  }
  // `#/slug/` is a slip of the keyboard for `#/slug`.
  const slug = path.replace(/\/+$/, '');
  return slug === '' ? INDEX_ROUTE : { kind: 'problem', slug };
}

function splitQuery(fragment: string): { path: string; query: string | null } {
  const mark = fragment.indexOf('?');
  return mark === -1 ? { path: fragment, query: null } : { path: fragment.slice(0, mark), query: fragment.slice(mark + 1) };
}

/** The names a shared link's query uses: the compressed code and the checksum of the code it decompresses to. */
export const SHARE_PARAMS = { code: 'code', check: 'check' } as const;

/** What a shared link carries, still encoded: src/ui/share.ts decodes and checks it. */
export type SharePayload = { readonly code: string; readonly check: string | null };

/**
 * The shared code a route's fragment carries, or null when it carries none. Read by hand, not with
 * URLSearchParams: that turns `+`, one of lz-string's URI-safe characters, into a space. Percent escapes are
 * read (a chat app may escape `$`); a malformed one leaves the value as it is, for the decoder to refuse.
 */
export function sharePayloadOf(hash: string): SharePayload | null {
  if (!hash.startsWith('#/')) return null;
  const { query } = splitQuery(hash.slice(2));
  if (query === null) return null;
  const values = new Map<string, string>();
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    const name = equals === -1 ? pair : pair.slice(0, equals);
    const raw = equals === -1 ? '' : pair.slice(equals + 1);
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // Kept raw: the decoder says the link is damaged.
    }
    if (!values.has(name)) values.set(name, value);
  }
  const code = values.get(SHARE_PARAMS.code);
  return code === undefined ? null : { code, check: values.get(SHARE_PARAMS.check) ?? null };
}

/** The fragment without its shared code: what the address bar keeps once the learner has answered. */
export function withoutSharePayload(hash: string): string {
  if (!hash.startsWith('#/')) return hash;
  const { path, query } = splitQuery(hash.slice(2));
  if (query === null) return hash;
  const names: readonly string[] = Object.values(SHARE_PARAMS);
  const kept = query.split('&').filter((pair) => pair !== '' && !names.includes(pair.split('=')[0] ?? ''));
  return `#/${path}${kept.length > 0 ? `?${kept.join('&')}` : ''}`;
}

/** A problem's href carrying shared code: `#/<slug>?code=<payload>&check=<hex>`. */
export function shareHrefOf(slug: string, payload: { readonly code: string; readonly check: string }): string {
  // lz-string's URI-safe alphabet (letters, digits, `+`, `-`, `$`) is legal in a fragment as it is.
  return `${hrefOf({ kind: 'problem', slug })}?${SHARE_PARAMS.code}=${payload.code}&${SHARE_PARAMS.check}=${encodeURIComponent(payload.check)}`;
}

export function sameRoute(a: Route, b: Route): boolean {
  return hrefOf(a) === hrefOf(b);
}
