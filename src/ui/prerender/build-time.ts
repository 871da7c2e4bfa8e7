/**
 * The page a build-time render is of, where there is no window: which route, and which media queries match
 * (the pre-renderer renders each problem as a desktop and as a phone). React reads these through the
 * `getServerSnapshot` of the hooks that read the window (useRoute, useMediaQuery) only when rendering to a
 * string; in the browser they are never read.
 */
export type BuildTimePage = { readonly hash: string; matches(query: string): boolean };

let page: BuildTimePage = { hash: '', matches: () => false };

export function setBuildTimePage(next: BuildTimePage): void {
  page = next;
}

export function buildTimePage(): BuildTimePage {
  return page;
}
