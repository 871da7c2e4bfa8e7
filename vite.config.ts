/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { compressPlugin } from './build/compress-plugin.ts';
import { coursePlugin, SOLUTION_CHUNK_GLOB, SOLUTION_CHUNK_URL } from './build/course-plugin.ts';
import { markdownPlugin } from './build/markdown-plugin.ts';
import { prerenderPlugin } from './build/prerender-plugin.ts';
import { monacoFeaturesPlugin } from './build/monaco-features-plugin.ts';
import { typescriptLibsPlugin } from './build/typescript-libs-plugin.ts';

/**
 * The page's Content-Security-Policy; the README's "Content-Security-Policy" says what each directive is for.
 * public/_headers sends the same as a header, with frame-ancestors, which a <meta> tag cannot carry.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Puts the policy in the built index.html only: the dev server's hot reload needs a WebSocket that the
 * policy refuses. First in <head>, so that it governs every script and stylesheet the page loads.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'implicit-kata:content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * `KATA_BUILD_LABEL=2025-03-01 npm run build` stamps the build with `<meta name="kata-build" content="…">`, so
 * that one can tell which build a page runs (View source). The label is part of index.html, which the service
 * worker precaches by content: a build with a new label is a new version to the pages already open.
 */
function buildLabel(): Plugin {
  const label = process.env.KATA_BUILD_LABEL;
  return {
    name: 'implicit-kata:build-label',
    apply: 'build',
    transformIndexHtml: () => (label ? [{ tag: 'meta', attrs: { name: 'kata-build', content: label }, injectTo: 'head' }] : []),
  };
}

// `base: './'` makes every asset URL relative, so `dist/` works from any sub-path of any static host.
export default defineConfig({
  base: './',
  plugins: [
    react(),
    markdownPlugin(),
    // Only the Monaco features src/ui/editor/monaco.ts imports.
    monacoFeaturesPlugin(),
    // course.json (or $IMPLICIT_KATA_COURSE), validated; the solutions as its policy allows.
    coursePlugin(),
    contentSecurityPolicy(),
    buildLabel(),
    // index.html paints the page before its JavaScript runs: every view rendered at build time.
    prerenderPlugin(),
    // Offline once loaded: a service worker that precaches the whole build but the reference solutions. The
    // page registers it itself, once the editor is ready (src/ui/offline.ts), so that the precache does not
    // compete with the first load.
    VitePWA({
      // A new build waits until the learner takes it (src/ui/offline.ts): the worker skips waiting only when
      // the page asks, after saving.
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{html,js,css,woff2,ttf,svg}'],
        // A solution is fetched only when the learner asks for it (and, under `after-pass`, may ask only once
        // their code has passed): precaching it would download it on every first visit.
        globIgnores: [SOLUTION_CHUNK_GLOB],
        // Once fetched, it is kept, so it shows offline from then on. Its name carries its content's hash:
        // the cached copy is never stale.
        runtimeCaching: [
          {
            urlPattern: SOLUTION_CHUNK_URL,
            handler: 'CacheFirst',
            options: { cacheName: 'implicit-kata-solutions', expiration: { maxEntries: 32 } },
          },
        ],
        // Monaco's TypeScript worker alone is 7 MB, and the kata is not itself without it.
        maximumFileSizeToCacheInBytes: 16 * 2 ** 20,
        navigateFallback: null,
        // Take charge of the page that installed it: offline works from the next load, not the one after.
        // Only a first install has no page to wait for; an update waits (skipWaiting false, the default
        // with 'prompt'), because activating it would delete the precached files of the build the open page
        // is running, chunks it has not loaded yet included, and the host no longer has them.
        clientsClaim: true,
        skipWaiting: false,
      },
    }),
    // .br and .gz beside each large file, sw.js included: after VitePWA has written it.
    compressPlugin(),
  ],
  // The insight worker imports `virtual:course-insights`, and Monaco's TypeScript worker holds the lib map that
  // typescriptLibsPlugin trims: a worker's bundle gets only these plugins.
  worker: { format: 'es', plugins: () => [coursePlugin(), typescriptLibsPlugin()] },
  // tfjs is imported only inside the sandbox worker; without pre-bundling it, the dev server discovers it
  // on the first Run and reloads the page mid-run.
  optimizeDeps: {
    include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', 'sucrase', '@jridgewell/trace-mapping'],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          // One Chromium at a time: CI has 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
