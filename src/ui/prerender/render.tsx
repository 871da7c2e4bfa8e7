/**
 * The build-time render of every view index.html carries (see views.ts): the page's own components, rendered to
 * HTML in Node by build/prerender-plugin.ts, as a first-time visitor sees them: no saved code (the boot script
 * puts it in), no results, the default layout.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { COURSE } from '../../problems/course.ts';
import { COURSE_OUTLINE } from '../../problems/outline.ts';
import { App } from '../App.tsx';
import { NARROW_QUERY } from '../layout/narrow.ts';
import * as workspaceModule from '../ProblemWorkspace.tsx';
import { hrefOf, INDEX_ROUTE, type Route } from '../route.ts';
import type { WorkspaceModule } from '../workspace-chunk.ts';
import { setBuildTimePage } from './build-time.ts';
import { PRERENDER_LAYOUTS, prerenderViewId, type PrerenderLayout } from './views.ts';

export type PrerenderedView = { readonly id: string; readonly html: string };

/**
 * On a phone the Code tab shows first and the statement is behind its tab: the phone's views leave the
 * statement out (React renders it a moment later), so that index.html does not carry every statement twice.
 */
const phoneWorkspace: WorkspaceModule = {
  ...workspaceModule,
  CourseProblemWorkspace: ({ slug, ...props }) => {
    const problem = COURSE.problems.find((candidate) => candidate.meta.slug === slug);
    if (!problem) throw new Error(`The course has no problem '${slug}'`);
    return <workspaceModule.ProblemWorkspace problem={{ ...problem, statementHtml: '' }} {...props} />;
  },
};

function renderView(route: Route, layout: PrerenderLayout): string {
  // A phone is narrow and has a touch screen; a desktop neither (nor a dark theme: the boot script sets it).
  const phoneQueries = [NARROW_QUERY, workspaceModule.TOUCH_QUERY];
  setBuildTimePage({ hash: hrefOf(route), matches: (query) => layout === 'narrow' && phoneQueries.includes(query) });
  return renderToStaticMarkup(<App workspace={layout === 'narrow' ? phoneWorkspace : workspaceModule} />);
}

export function renderViews(): PrerenderedView[] {
  const routes: Route[] = [INDEX_ROUTE, ...COURSE_OUTLINE.problems.map((problem): Route => ({ kind: 'problem', slug: problem.slug }))];
  return routes.flatMap((route) =>
    PRERENDER_LAYOUTS.map((layout) => ({ id: prerenderViewId(route, layout), html: renderView(route, layout) })),
  );
}

/** The course's id as the page's storage keys carry it (storage.ts), for the boot script. */
export { courseIdOfThisBuild } from './course-id.ts';
