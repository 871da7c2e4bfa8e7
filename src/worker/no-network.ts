/**
 * No network, anywhere: nothing learner code can reach opens a connection, whatever headers the host sends.
 * (The Content-Security-Policy of public/_headers is a second wall where a host sends it; the page's `<meta>`
 * policy does not govern a worker at all, and the CLI has no policy.) Three walls, each enough for what it
 * covers:
 *
 * 1. The learner's tfjs has no member that fetches (`withholdNetworkMembers`, used by harden.ts).
 * 2. tfjs's platform refuses to fetch (`removeNetworkAccess`), so that a way into tfjs's fetching code that
 *    the list below missed still opens nothing.
 * 3. The host's global object loses everything that opens a connection (`removeNetworkAccess`), after tfjs
 *    has loaded and before the sandbox says 'ready', so before any learner code runs. The learner's
 *    Compartment never had these globals; this is for whatever might lead back to the host's global object.
 *
 * What in tfjs-core 4.22 reaches the network, from its dist/ (every `fetch(`, `platform.fetch`,
 * `XMLHttpRequest`, `importScripts`, `WebSocket`, `Worker` and global-object lookup):
 * - `util.fetch` calls `env().platform.fetch`: the global fetch in a browser or a worker
 *   (platforms/platform_browser.js); in Node the global fetch, or else node-fetch, required on first use
 *   (platforms/platform_node.js). Withheld: WITHHELD_MEMBERS.
 * - `io`: `http` and `browserHTTPRequest` (io/http.js), `loadWeights` and `weightsLoaderFactory`
 *   (io/weights_loader.js), and the `http://` router that every model loader goes through, all by
 *   `env().platform.fetch`. `io` is withheld whole (WITHHELD_EXPORTS), as are `env` and `ENV`, which hold the
 *   platform.
 * - Nothing else. `test_util.createVideoElement` loads a video through a `<source>` element and
 *   `document`, which neither sandbox has; `browser.fromPixels` and `fromPixelsAsync` read pixels that are
 *   already loaded; `nextFrame` is a timer; `device_util` reads `navigator` (and is withheld). The global
 *   object is looked up only for the engine and the registries (global_util.js), which are not exported.
 */
import type { Tf } from './tf.ts';
import { WITHHELD_MEMBERS } from './withheld-exports.ts';

/**
 * What opens a connection from a Web Worker (Chromium's, checked on its global object and prototypes) or a
 * Node 20 worker thread, or would on another engine or version: removed from the host's global object.
 */
export const NETWORK_GLOBALS = [
  // WorkerGlobalScope.prototype in a worker; Node's own global.
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'EventSource',
  'WebTransport',
  // Throws in a module worker, as the sandbox is; fetches a script in a classic one.
  'importScripts',
  // A nested worker loads its script from a URL, and has a fetch of its own.
  'Worker',
  'SharedWorker',
  // No connection, but a line to every same-origin context: the page, the course site's other tabs.
  'BroadcastChannel',
  // ICE reaches any STUN or TURN address.
  'RTCPeerConnection',
  'webkitRTCPeerConnection',
  // `new FontFace(name, 'url(...)').load()` and `fonts.load()` fetch the font.
  'FontFace',
  'fonts',
  // `caches.open(name)` then `cache.add(url)` fetches the URL.
  'caches',
  // Fetches its icon and image.
  'Notification',
] as const;

/** What opens a connection from `navigator`: a page's beacon; a service worker's script. */
export const NETWORK_NAVIGATOR_MEMBERS = ['sendBeacon', 'serviceWorker'] as const;

/**
 * Replaces each namespace of WITHHELD_MEMBERS in the learner's tfjs with a copy without those members (on
 * the same prototype: null for a module namespace). tfjs's own namespace is left as it is: tfjs uses it.
 */
export function withholdNetworkMembers(learnerTf: Record<string, unknown>): void {
  for (const [namespace, withheld] of Object.entries(WITHHELD_MEMBERS)) {
    const original = learnerTf[namespace];
    if (typeof original !== 'object' || original === null) continue;
    const copy = Object.create(Reflect.getPrototypeOf(original)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(original)) {
      if (!withheld.has(name)) copy[name] = value;
    }
    learnerTf[namespace] = copy;
  }
}

/** What tfjs's platform answers every fetch with, from now on. */
function refuseFetch(): Promise<never> {
  return Promise.reject(new TypeError('the sandbox has no network'));
}

/**
 * Closes walls 2 and 3 (see the top of this file). Throws if anything is still there afterwards: the
 * sandbox then fails to start, and no learner code runs.
 */
export function removeNetworkAccess(tf: Tf, global: object = globalThis): void {
  const platform = tf.env().platform as unknown as Record<string, unknown>;
  platform['fetch'] = refuseFetch;
  if (platform['fetch'] !== refuseFetch) throw new Error("the sandbox could not replace tfjs's platform fetch");
  removeNetworkGlobals(global);
}

/**
 * Deletes NETWORK_GLOBALS from `global` and NETWORK_NAVIGATOR_MEMBERS from its `navigator`, wherever on their
 * prototype chains they are defined (a worker's fetch is on WorkerGlobalScope.prototype, its WebSocket on the
 * global itself). Returns the names that were there.
 */
export function removeNetworkGlobals(global: object): string[] {
  const removed: string[] = NETWORK_GLOBALS.filter((name) => removeEverywhere(global, name, ''));
  const navigator: unknown = Reflect.get(global, 'navigator');
  if (typeof navigator === 'object' && navigator !== null) {
    for (const name of NETWORK_NAVIGATOR_MEMBERS) {
      if (removeEverywhere(navigator, name, 'navigator.')) removed.push(`navigator.${name}`);
    }
  }
  return removed;
}

/** True if `name` was on `target` or its prototypes; throws if it still reads as anything but undefined. */
function removeEverywhere(target: object, name: string, prefix: string): boolean {
  let found = false;
  for (let owner: object | null = target; owner !== null; owner = Reflect.getPrototypeOf(owner)) {
    if (!Object.prototype.hasOwnProperty.call(owner, name)) continue;
    found = true;
    // A property that cannot be deleted may still be writable.
    if (!Reflect.deleteProperty(owner, name)) Reflect.set(owner, name, undefined, owner);
  }
  if (Reflect.get(target, name) !== undefined) throw new Error(`the sandbox could not remove ${prefix}${name}`);
  return found;
}
