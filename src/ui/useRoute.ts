import { useSyncExternalStore } from 'react';
import { buildTimePage } from './prerender/build-time.ts';
import { INDEX_ROUTE, routeOf, sameRoute, type Route } from './route.ts';

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
  return useSyncExternalStore(subscribe, readRoute, routeAtBuildTime);
}

function routeAtBuildTime(): Route {
  return routeOf(buildTimePage().hash) ?? INDEX_ROUTE;
}
