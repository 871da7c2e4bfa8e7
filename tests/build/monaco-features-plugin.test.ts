/**
 * build/monaco-features-plugin.ts relies on the shape of monaco-editor's internal/common/workers.js: bare
 * side-effect imports of every editor contribution, then the one import and export that matter.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { withoutSideEffectImports } from '../../build/monaco-features-plugin.ts';

const require = createRequire(import.meta.url);
const workersModule = () => readFileSync(require.resolve('monaco-editor/internal/common/workers.js'), 'utf8');

describe("the language services' worker module, without its contributions", () => {
  test('imports no editor contribution, and still creates web workers', () => {
    const source = workersModule();
    expect(source).toContain("import '../../editor/contrib/inlineCompletions/browser/inlineCompletions.contribution.js';");
    const trimmed = withoutSideEffectImports(source);
    expect(trimmed).not.toMatch(/^import '[^']+\.js';$/m);
    expect(trimmed).toMatch(/^import \{ editor \} from '\.\.\/\.\.\/editor\/editor\.api\.js';$/m);
    expect(trimmed).toContain('export { createWebWorker };');
    // The codicon stylesheets stay: they are not features, and only a relative import reaches them.
    expect(trimmed).toContain("import '../../base/browser/ui/codicons/codicon/codicon.css';");
  });

  test('refuses a module of another shape rather than passing it through', () => {
    expect(() => withoutSideEffectImports("import { editor } from './x.js';\nexport { createWebWorker };\n")).toThrow(
      'no side-effect imports',
    );
    expect(() => withoutSideEffectImports("import './a.js';\nexport const x = 1;\n")).toThrow('createWebWorker');
  });
});
