/**
 * Imported first by main.tsx, so that this runs before React and the rest of the bundle are evaluated: on a
 * problem's URL, the workspace's chunk is on its way while they are, not requested after the first render.
 */
import { preloadForRoute } from './workspace-chunk.ts';

preloadForRoute();
