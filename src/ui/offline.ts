/**
 * Registers the service worker that keeps the kata working offline once loaded (built by vite-plugin-pwa,
 * see vite.config.ts), and tells the page when a new build is ready to take over.
 *
 * The worker does not skip waiting: a new build's worker installs beside the one in charge and waits, the
 * open page keeps running the build it loaded (its lazy chunks still precached), and the page offers a
 * reload. Only the learner's click moves it on: pending writes are flushed, the waiting worker is told to
 * skip waiting, and the page reloads once the new worker controls it. Nothing reloads the editor otherwise.
 *
 * This is the plain ServiceWorker API rather than workbox-window: workbox-window counts an update found more
 * than a minute after registering as "external" and then stops listening for further ones, and a kata stays
 * open for hours.
 */
import { flushPendingWrites } from './state/pendingWrites.ts';

/** `none`: this page runs the newest build it knows of. `reloading`: the learner asked; it is on its way. */
export type UpdateState = 'none' | 'available' | 'reloading';

/** How often an open page asks the host whether a new build is there (the browser also does on each load). */
export const UPDATE_CHECK_INTERVAL_MS = 30 * 60_000;
/** Coming back to the page checks too, unless the page itself checked this recently. */
export const UPDATE_CHECK_MIN_GAP_MS = 60_000;
/** Should the new worker not take over after the click (it failed to activate), the page reloads anyway. */
const RELOAD_FALLBACK_MS = 10_000;
/** What the generated worker listens for before it skips waiting (workbox-build's `SKIP_WAITING`). */
const SKIP_WAITING_MESSAGE = { type: 'SKIP_WAITING' } as const;

let state: UpdateState = 'none';
const listeners = new Set<() => void>();
let registration: ServiceWorkerRegistration | null = null;
let started = false;
let reloadRequested = false;
let lastCheckAt = Number.NEGATIVE_INFINITY;

function setState(next: UpdateState): void {
  if (state === next) return;
  state = next;
  for (const listener of listeners) listener();
}

export function updateState(): UpdateState {
  return state;
}

/** For useSyncExternalStore. */
export function subscribeToUpdate(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * How long after the page has loaded the service worker is registered if the editor has not been ready by then
 * (its readiness registers it at once): a learner who reads the statement first, or stays on the index, still
 * gets the kata offline, and one who goes straight for the code is not competing with the precache meanwhile.
 */
export const OFFLINE_REGISTRATION_DELAY_MS = 10_000;

/** Registers the service worker once the page has loaded and then been idle for a while (see above). */
export function registerOfflineSupportWhenIdle(): void {
  const soon = () =>
    setTimeout(() => {
      if ('requestIdleCallback' in window) window.requestIdleCallback(registerOfflineSupport, { timeout: OFFLINE_REGISTRATION_DELAY_MS });
      else registerOfflineSupport();
    }, OFFLINE_REGISTRATION_DELAY_MS);
  if (document.readyState === 'complete') soon();
  else window.addEventListener('load', soon, { once: true });
}

/**
 * Called once the editor is ready, or by registerOfflineSupportWhenIdle: the precache downloads the whole build,
 * and on a first visit it must not compete with what the learner is waiting for. Later calls do nothing.
 */
export function registerOfflineSupport(): void {
  // The dev server has no service worker to register.
  if (started || !import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  started = true;
  navigator.serviceWorker
    .register('./sw.js', { scope: './' })
    .then(watchForUpdates)
    .catch((error: unknown) => {
      // Offline support is a bonus; the kata works without it.
      console.warn('Offline support is unavailable:', error);
    });
}

function watchForUpdates(found: ServiceWorkerRegistration): void {
  registration = found;
  const container = navigator.serviceWorker;
  // A first visit's worker installs with no page under an older one: that is no update to offer.
  const offerIfWaiting = () => {
    if (found.waiting && container.controller) setState('available');
  };
  const follow = (worker: ServiceWorker | null) => {
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed') offerIfWaiting();
    });
  };
  // The browser checks for a new worker on every load, before this runs: it may be waiting or installing.
  offerIfWaiting();
  follow(found.installing);
  found.addEventListener('updatefound', () => follow(found.installing));

  let controller = container.controller;
  container.addEventListener('controllerchange', () => {
    const previous = controller;
    controller = container.controller;
    if (reloadRequested) {
      window.location.reload();
      return;
    }
    // Another tab took the new version: this page still runs the old build, and says so. It is not reloaded.
    if (previous) setState('available');
  });

  window.setInterval(checkForUpdate, UPDATE_CHECK_INTERVAL_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && performance.now() - lastCheckAt >= UPDATE_CHECK_MIN_GAP_MS) {
      checkForUpdate();
    }
  });
}

/** Asks the host for sw.js: a new build's worker then installs, and the page hears of it when it waits. */
function checkForUpdate(): void {
  if (!registration) return;
  lastCheckAt = performance.now();
  // Offline, or the host is down: the next check will tell.
  registration.update().catch(() => {});
}

/** The learner's click: save, hand over to the waiting worker, reload once it controls the page. */
export function reloadToUpdate(): void {
  flushPendingWrites();
  setState('reloading');
  const waiting = registration?.waiting;
  if (!waiting) {
    // Already in charge (another tab took it): this page only has to load it.
    window.location.reload();
    return;
  }
  reloadRequested = true;
  waiting.postMessage(SKIP_WAITING_MESSAGE);
  window.setTimeout(() => window.location.reload(), RELOAD_FALLBACK_MS);
}
