// First, for its side effect: see preload-route.ts.
import './ui/preload-route.ts';
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { capturePrerenderedEditor, captureScrollPositions, restoreScrollPositions } from './ui/prerender/handoff.ts';
import { routeOf } from './ui/route.ts';
import { loadWorkspace, type WorkspaceModule } from './ui/workspace-chunk.ts';
import './ui/styles.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

// On a problem's URL the pre-rendered page stays until the workspace is here (preload-route.ts has been fetching
// it): the first render is then the problem itself, not a placeholder. If it cannot load, the page says so.
let workspace: WorkspaceModule | undefined;
if (routeOf(window.location.hash)?.kind === 'problem') workspace = await loadWorkspace().catch(() => undefined);

// In one task: what the learner typed into the pre-rendered code is read, and React's first commit replaces it.
capturePrerenderedEditor();
const scrolled = captureScrollPositions();
const root = createRoot(rootElement);
flushSync(() =>
  root.render(
    <StrictMode>
      <App workspace={workspace} />
    </StrictMode>,
  ),
);
// Still in that task, before the browser paints: the statement stays where the learner had scrolled it.
restoreScrollPositions(rootElement, scrolled);
