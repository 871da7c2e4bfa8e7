import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { COURSE_OUTLINE } from '../problems/outline.ts';
import { CourseIndex, type IndexEntry } from './course/CourseIndex.tsx';
import { NoSuchProblem } from './course/NoSuchProblem.tsx';
import { NARROW_QUERY } from './layout/narrow.ts';
import type { NextStep } from './results/ResultsPanel.tsx';
import { hrefOf, INDEX_ROUTE, type Route } from './route.ts';
import { useRoute } from './useRoute.ts';
import { courseProgress, type ProgressState } from './state/progress.ts';
import { loadWork } from './state/storage.ts';
import { useMediaQuery } from './state/useMediaQuery.ts';
import { useTheme } from './state/useTheme.ts';
import { TopBar } from './TopBar.tsx';
import { UpdateNotice } from './UpdateNotice.tsx';
import { registerOfflineSupportWhenIdle } from './offline.ts';
import { loadWorkspace, type WorkspaceModule } from './workspace-chunk.ts';

/** The workspace's module once it is there; `failed` if it could not be downloaded. */
function useWorkspaceModule(wanted: boolean, loaded: WorkspaceModule | undefined): WorkspaceModule | 'loading' | 'failed' {
  const [state, setState] = useState<WorkspaceModule | 'loading' | 'failed'>(loaded ?? 'loading');
  useEffect(() => {
    if (!wanted || state !== 'loading') return;
    let current = true;
    loadWorkspace().then(
      (module) => current && setState(module),
      (error: unknown) => {
        console.error("The problem's workspace could not be loaded:", error);
        if (current) setState('failed');
      },
    );
    return () => {
      current = false;
    };
  }, [wanted, state]);
  return state;
}

const SLUGS = COURSE_OUTLINE.problems.map((problem) => problem.slug);

/** The route shown and the one before it, to tell a fresh load from a move within the course. */
type Visit = { readonly route: Route; readonly previous: Route | null };

/**
 * The page's one container: it follows the URL's route to the course's index, a problem's workspace (which
 * holds the problem's own state) or the news that there is no such problem; and it owns the theme, which
 * every page of the course shares. The views take props.
 */
export type AppProps = {
  /**
   * The workspace's module, when it was loaded before the first render (main.tsx waits for it on a problem's
   * URL, and the build-time render imports it): the first render then shows the problem, not a placeholder
   * that would replace the pre-rendered page with an empty one.
   */
  workspace?: WorkspaceModule;
};

export function App({ workspace: loadedWorkspace }: AppProps = {}) {
  const route = useRoute();
  const themeState = useTheme();
  const narrow = useMediaQuery(NARROW_QUERY);

  const [visit, setVisit] = useState<Visit>({ route, previous: null });
  // Adjusted while rendering, not in an effect: the new view must know where the learner came from at once.
  if (visit.route !== route) setVisit({ route, previous: visit.route });
  const arrived = visit.previous !== null;

  const problemIndex = route.kind === 'problem' ? SLUGS.indexOf(route.slug) : -1;
  const problem = COURSE_OUTLINE.problems[problemIndex];

  useEffect(() => {
    if (route.kind === 'index') document.title = COURSE_OUTLINE.title;
    else if (problemIndex === -1) document.title = `No such problem · ${COURSE_OUTLINE.title}`;
    // A problem's workspace sets its own title.
  }, [route, problemIndex]);

  // Every page of the course works offline once loaded, the index too, whether or not the editor was opened.
  useEffect(registerOfflineSupportWhenIdle, []);

  const progress = useCourseProgress(route);
  const workspace = useWorkspaceModule(problem !== undefined, loadedWorkspace);
  const courseTopBar = (
    <TopBar
      courseTitle={COURSE_OUTLINE.title}
      problemTitle={null}
      onIndex={route.kind === 'index'}
      solved={false}
      themePreference={themeState.preference}
      onThemePreference={themeState.setPreference}
    />
  );

  let view: ReactNode;
  if (route.kind === 'index') {
    const entries: IndexEntry[] = COURSE_OUTLINE.problems.map((entry) => ({
      ...entry,
      state: progress[entry.slug] ?? 'not-started',
    }));
    const previous = visit.previous;
    view = (
      <>
        {courseTopBar}
        <UpdateNotice />
        <CourseIndex
          courseTitle={COURSE_OUTLINE.title}
          problems={entries}
          focus={!previous ? null : previous.kind === 'problem' ? { slug: previous.slug } : 'heading'}
          onIntent={() => void loadWorkspace()}
        />
      </>
    );
  } else if (!problem) {
    view = (
      <>
        {courseTopBar}
        <NoSuchProblem slug={route.slug} focusHeading={arrived} />
      </>
    );
  } else {
    const following = COURSE_OUTLINE.problems[problemIndex + 1];
    const next: NextStep = following
      ? { href: hrefOf({ kind: 'problem', slug: following.slug }), title: following.title }
      : { href: hrefOf(INDEX_ROUTE), title: null };
    const topBar = (
      <TopBar
        courseTitle={COURSE_OUTLINE.title}
        problemTitle={problem.title}
        onIndex={false}
        solved={loadWork(problem.slug)?.solved ?? false}
        themePreference={themeState.preference}
        onThemePreference={themeState.setPreference}
      />
    );
    view =
      typeof workspace === 'object' ? (
        <workspace.CourseProblemWorkspace
          // One workspace per problem: its saved work, its runner and its Run's number are its own.
          key={problem.slug}
          slug={problem.slug}
          courseTitle={COURSE_OUTLINE.title}
          next={next}
          themeState={themeState}
          focusHeading={arrived}
        />
      ) : (
        // While the workspace's chunk loads, its top bar already shows: the page does not jump when it lands.
        <>
          {topBar}
          <main className="workspace" aria-busy={workspace === 'loading'}>
            {workspace === 'failed' && (
              <p className="workspace__failed" role="alert">
                This problem could not be loaded: the network may be down. Reload the page to try again.
              </p>
            )}
          </main>
        </>
      );
  }

  const shown = route.kind === 'index' ? 'index' : problem ? 'problem' : 'missing';
  return (
    <div className="app" data-layout={narrow ? 'narrow' : 'wide'} data-view={shown}>
      {view}
    </div>
  );
}

/**
 * Each problem's progress, read from storage when the index is shown: at once while rendering, so that it
 * paints right, then again after the workspace just left has written its last keystrokes (its cleanup runs
 * before this effect), and whenever another tab of the course saves.
 */
function useCourseProgress(route: Route): Record<string, ProgressState> {
  const onIndex = route.kind === 'index';
  // Bumped to read again; `route` is in the dependencies for the same reason: every arrival reads afresh.
  const [reads, setReads] = useState(0);
  const progress = useMemo(() => (onIndex ? courseProgress(SLUGS) : {}), [onIndex, route, reads]);
  useEffect(() => {
    if (!onIndex) return;
    const again = () => setReads((count) => count + 1);
    if (JSON.stringify(courseProgress(SLUGS)) !== JSON.stringify(progress)) again();
    window.addEventListener('storage', again);
    return () => window.removeEventListener('storage', again);
  }, [onIndex, progress]);
  return progress;
}
