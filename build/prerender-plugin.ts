/**
 * The first paint comes from index.html itself: the course's index and every problem, as a desktop and as a
 * phone, rendered at build time by the page's own components (src/ui/prerender/render.tsx), with the styles
 * they need linked in the head. A small classic script in the head (src/ui/prerender/boot.ts, bundled here on
 * its own) picks the view for the URL's route before the body is parsed; React then renders over it
 * (src/main.tsx). Without this, nothing paints until the page's JavaScript has loaded and run.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build, createServer, type Plugin } from 'vite';
import type { OutputChunk } from 'rolldown';
import type { PrerenderedView } from '../src/ui/prerender/render.tsx';
import {
  PRERENDER_CLASS,
  PRERENDER_COURSE_ATTRIBUTE,
  PRERENDER_VIEW_ATTRIBUTE,
  prerenderElementId,
} from '../src/ui/prerender/views.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BOOT_ENTRY = fileURLToPath(new URL('../src/ui/prerender/boot.ts', import.meta.url));
const RENDER_ENTRY = '/src/ui/prerender/render.tsx';
const WORKSPACE_ENTRY = '/src/ui/ProblemWorkspace.tsx';

type Prerendered = { views: PrerenderedView[]; courseId: string; boot: { fileName: string; code: string } };

/** Renders the views in Node through a Vite server of this project's config (its plugins load the course). */
async function renderViews(): Promise<Pick<Prerendered, 'views' | 'courseId'>> {
  const server = await createServer({
    root: ROOT,
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const module = (await server.ssrLoadModule(RENDER_ENTRY)) as typeof import('../src/ui/prerender/render.tsx');
    return { views: module.renderViews(), courseId: module.courseIdOfThisBuild() };
  } finally {
    await server.close();
  }
}

/** Bundles the boot script alone, minified, as a classic script: it must not wait for a module graph. */
async function bundleBoot(): Promise<Prerendered['boot']> {
  const output = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'error',
    build: {
      write: false,
      target: 'es2020',
      minify: true,
      lib: { entry: BOOT_ENTRY, formats: ['iife'], name: 'kataBoot' },
    },
  });
  const results = Array.isArray(output) ? output : [output];
  const chunk = results
    .flatMap((result) => ('output' in result ? result.output : []))
    .find((file): file is OutputChunk => file.type === 'chunk');
  if (!chunk) throw new Error('prerender: bundling src/ui/prerender/boot.ts gave no script');
  const hash = createHash('sha256').update(chunk.code).digest('base64url').slice(0, 8);
  return { fileName: `assets/boot-${hash}.js`, code: chunk.code };
}

const escapeAttribute = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

export function prerenderPlugin(): Plugin {
  let prerendered: Promise<Prerendered> | undefined;
  return {
    name: 'implicit-kata:prerender',
    apply: 'build',
    buildStart() {
      prerendered = Promise.all([renderViews(), bundleBoot()]).then(([rendered, boot]) => ({ ...rendered, boot }));
      // Reported where it is awaited; not an unhandled rejection meanwhile.
      prerendered.catch(() => {});
    },
    async generateBundle() {
      if (!prerendered) return;
      const { boot } = await prerendered;
      this.emitFile({ type: 'asset', fileName: boot.fileName, source: boot.code });
    },
    transformIndexHtml: {
      order: 'post',
      async handler(html, context) {
        if (!prerendered) throw new Error('prerender: index.html transformed before the build started');
        const { views, courseId, boot } = await prerendered;
        // The workspace's styles come with its chunk; its pre-rendered views need them at the first paint.
        const workspaceCss = Object.values(context.bundle ?? {}).flatMap((file) =>
          file.type === 'chunk' && file.facadeModuleId?.endsWith(WORKSPACE_ENTRY)
            ? [...(file.viteMetadata?.importedCss ?? [])]
            : [],
        );
        if (workspaceCss.length === 0) throw new Error(`prerender: found no styles of ${WORKSPACE_ENTRY} in the bundle`);
        const shown = views
          .map((view) => `html[${PRERENDER_VIEW_ATTRIBUTE}="${view.id}"] #${prerenderElementId(view.id)}{display:contents}`)
          .join('\n');
        const head = [
          `<script src="./${boot.fileName}"></script>`,
          ...workspaceCss.map((file) => `<link rel="stylesheet" href="./${file}">`),
          `<style>.${PRERENDER_CLASS}{display:none}\n${shown}</style>`,
        ].join('\n    ');
        const body = views
          .map((view) => `<div class="${PRERENDER_CLASS}" id="${prerenderElementId(view.id)}">${view.html}</div>`)
          .join('\n');
        const withHtml = html.replace('<html lang="en">', `<html lang="en" ${PRERENDER_COURSE_ATTRIBUTE}="${escapeAttribute(courseId)}">`);
        const withHead = withHtml.replace('</head>', `    ${head}\n  </head>`);
        const withBody = withHead.replace('<div id="root"></div>', `<div id="root">${body}</div>`);
        if (withBody === withHead || withHtml === html) throw new Error('prerender: index.html has no <html lang="en"> or no empty <div id="root">');
        return withBody;
      },
    },
  };
}
