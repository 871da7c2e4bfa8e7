/**
 * Registers the service worker that keeps the kata working offline once loaded (built by vite-plugin-pwa,
 * see vite.config.ts). Called once the editor is ready: the precache downloads the whole build, and on a
 * first visit it must not compete with what the learner is waiting for.
 */
export function registerOfflineSupport(): void {
  // The dev server has no service worker to register.
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((error: unknown) => {
    // Offline support is a bonus; the kata works without it.
    console.warn('Offline support is unavailable:', error);
  });
}
