/**
 * The pre-rendered views in index.html, and how the boot script picks one: shared by the build
 * (build/prerender-plugin.ts), the boot script and the page, so that the three name them the same way.
 *
 * The routes live in the URL's fragment, which the server never sees, so index.html carries one view per route
 * and layout (the index, and each problem as a desktop and as a phone), all hidden; the boot script, in the head,
 * names the one to show on the `<html>` element before the body is parsed, and a rule shows it.
 */
import type { Route } from '../route.ts';

export const PRERENDER_LAYOUTS = ['wide', 'narrow'] as const;
export type PrerenderLayout = (typeof PRERENDER_LAYOUTS)[number];

/** On `<html>`: the id of the view the boot script chose. */
export const PRERENDER_VIEW_ATTRIBUTE = 'data-prerender-view';
/** On `<html>`: the course's id, which the boot script needs for the storage keys (see storage-keys.ts). */
export const PRERENDER_COURSE_ATTRIBUTE = 'data-kata-course';
/** Every pre-rendered view's wrapper. */
export const PRERENDER_CLASS = 'kata-prerender';

export function prerenderViewId(route: Route, layout: PrerenderLayout): string {
  return `${route.kind === 'index' ? 'index' : `problem-${route.slug}`}-${layout}`;
}

export function prerenderElementId(viewId: string): string {
  return `kata-prerender-${viewId}`;
}

/** The view the boot script chose, if index.html has it. */
export function chosenPrerenderedView(): HTMLElement | null {
  const viewId = document.documentElement.getAttribute(PRERENDER_VIEW_ATTRIBUTE);
  return viewId === null ? null : document.getElementById(prerenderElementId(viewId));
}
