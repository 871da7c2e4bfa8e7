import type { SyntaxDiagnostic } from '../core/syntax.ts';
import { SUBMISSION_URL } from '../worker/transpile.ts';

/**
 * The first syntax error TypeScript's own parser finds, for `withPreciseSyntaxError`: what Monaco's
 * TypeScript worker answers in the page. The typescript package is large, so it is loaded only when a run
 * has failed with a syntax error.
 */
export async function firstSyntaxError(source: string): Promise<SyntaxDiagnostic | null> {
  const { default: ts } = await import('typescript');
  // transpileModule reports the parser's (syntactic) diagnostics only; the target matches the learner's
  // compiler options (learnerCompilerOptions.ts), which decide what syntax is valid.
  const { diagnostics = [] } = ts.transpileModule(source, {
    fileName: SUBMISSION_URL,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  const first = diagnostics.find((diagnostic) => diagnostic.file && diagnostic.start !== undefined);
  if (!first?.file || first.start === undefined) return null;
  const { line, character } = first.file.getLineAndCharacterOfPosition(first.start);
  return { line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(first.messageText, ' ') };
}
