/**
 * Monaco the way its docs and @monaco-editor/react's show it for Vite: the whole npm package (every language,
 * every feature), its workers bundled with `?worker`, and the loader pointed at it instead of a CDN.
 */
import * as monaco from 'monaco-editor';
import { loader } from '@monaco-editor/react';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import CssWorker from 'monaco-editor/language/css/css.worker?worker';
import HtmlWorker from 'monaco-editor/language/html/html.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    switch (label) {
      case 'json':
        return new JsonWorker();
      case 'css':
      case 'scss':
      case 'less':
        return new CssWorker();
      case 'html':
      case 'handlebars':
      case 'razor':
        return new HtmlWorker();
      case 'typescript':
      case 'javascript':
        return new TsWorker();
      default:
        return new EditorWorker();
    }
  },
};

// The tfjs declarations as raw text, every .d.ts of every @tensorflow package that `@tensorflow/tfjs`
// re-exports, with their package.json files so that TypeScript resolves `import ... from '@tensorflow/tfjs'`
// as it would on disk.
const tfjsDeclarations = import.meta.glob<string>(
  [
    '/node_modules/@tensorflow/*/package.json',
    '/node_modules/@tensorflow/*/dist/**/*.d.ts',
    '!/node_modules/@tensorflow/*/dist/**/*_test.d.ts',
  ],
  { query: '?raw', import: 'default', eager: true },
);

const ts = monaco.typescript;
ts.typescriptDefaults.setCompilerOptions({
  target: ts.ScriptTarget.ES2020,
  // CommonJS, so that the emitted code can be run with `new Function('require', 'exports', code)`.
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
  strict: true,
  allowNonTsExtensions: true,
});
for (const [path, text] of Object.entries(tfjsDeclarations)) {
  ts.typescriptDefaults.addExtraLib(text, `file://${path}`);
}

loader.config({ monaco });

export { monaco };
