import type { Plugin } from 'vite';

/**
 * monaco-editor's language services start their web workers through `internal/common/workers.js`, and that
 * module imports, for its side effects, every editor contribution Monaco has (inline completions, colour
 * picker, code lens, semantic tokens, GPU rendering...: 115 kB gzip more than the kata uses). An import there
 * would undo any choice of features, so this plugin drops its bare `import '….js';` lines, and
 * src/ui/editor/monaco.ts imports the features the kata uses, before any editor is created.
 *
 * Build only: the dev server pre-bundles monaco-editor with esbuild, past Vite's transforms, so there the
 * editor has every feature. tests/build/monaco-features-plugin.test.ts checks the module still has the
 * shape this relies on.
 */

/** The module, as Vite resolves it through monaco-editor's `exports` map. */
export const MONACO_WORKERS_MODULE_ID = /monaco-editor\/esm\/vs\/internal\/common\/workers\.js$/;

/**
 * `import '../../editor/contrib/x.js';`: a module imported for its side effects only, one per line. Its
 * stylesheets (codicons) stay: the package's `exports` map gives no way to import them from elsewhere.
 */
const SIDE_EFFECT_IMPORT = /^import '[^']+\.js';\n/gm;

export function withoutSideEffectImports(source: string): string {
  const trimmed = source.replace(SIDE_EFFECT_IMPORT, '');
  if (trimmed === source) {
    throw new Error('monaco-editor/internal/common/workers.js has no side-effect imports left: has monaco-editor changed?');
  }
  if (!/^import \{ editor \} from '[^']+';$/m.test(trimmed) || !/\bexport \{ createWebWorker \}/.test(trimmed)) {
    throw new Error('monaco-editor/internal/common/workers.js no longer imports `editor` and exports createWebWorker');
  }
  return trimmed;
}

export function monacoFeaturesPlugin(): Plugin {
  return {
    name: 'implicit-kata:monaco-features',
    apply: 'build',
    // Before Vite's own transforms, on the module's source text.
    enforce: 'pre',
    transform: {
      filter: { id: MONACO_WORKERS_MODULE_ID },
      handler(source) {
        return { code: withoutSideEffectImports(source), map: null };
      },
    },
  };
}
