/**
 * A problem's workspace is a chunk of its own, with the statements, hints and graders: the index paints
 * without them (and never loads the editor, which the workspace itself loads lazily). Not React.lazy: a
 * Suspense boundary reveals its content no sooner than 300 ms after its fallback, which would hold back the
 * code on every problem's first load.
 */
import { routeOf } from './route.ts';

export type WorkspaceModule = typeof import('./ProblemWorkspace.tsx');

let workspaceModule: Promise<WorkspaceModule> | null = null;

export function loadWorkspace(): Promise<WorkspaceModule> {
  workspaceModule ??= import('./ProblemWorkspace.tsx').catch((error: unknown) => {
    // A failed download (offline before the service worker had the build) may succeed on the next try.
    workspaceModule = null;
    throw error;
  });
  return workspaceModule;
}

/**
 * On a problem's URL, starts fetching its chunk now. Not the editor's beside it: Monaco's evaluation then
 * competes with the workspace's, and in `npm run bench` the code showed (typeable) later. A failure is shown
 * where the chunk is used.
 */
export function preloadForRoute(): void {
  if (routeOf(window.location.hash)?.kind === 'problem') loadWorkspace().catch(() => {});
}
