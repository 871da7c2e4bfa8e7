import type * as Typescript from 'typescript';
import type { SyntaxDiagnostic } from '../core/syntax.ts';
import { SUBMISSION_URL } from '../worker/transpile.ts';

type Ts = typeof Typescript;

let typescript: Promise<Ts> | undefined;

/**
 * The typescript package is large (a few hundred ms to load): loaded once per process, and only when a run
 * has failed with a syntax error or a file's problem has to be read from its exports.
 */
function loadTypescript(): Promise<Ts> {
  typescript ??= import('typescript').then((module) => module.default);
  return typescript;
}

/**
 * The first syntax error TypeScript's own parser finds, for `withPreciseSyntaxError`: what Monaco's
 * TypeScript worker answers in the page.
 */
export async function firstSyntaxError(source: string): Promise<SyntaxDiagnostic | null> {
  const ts = await loadTypescript();
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

/**
 * The names a module exports as values, read from its syntax without running it: `export const`/`let`/
 * `var` (destructured names too), `export function`, `export class`, `export { a, b as c }`, and the
 * CommonJS forms the sandbox also accepts (`exports.f = ...`, `module.exports.f = ...`,
 * `module.exports = { f, g }`). Type-only and default exports are not names the grader looks for. The
 * parser recovers from syntax errors, so a broken file still shows what it meant to export.
 */
export async function exportedNames(source: string): Promise<string[]> {
  const ts = await loadTypescript();
  const file = ts.createSourceFile(SUBMISSION_URL, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  const hasModifier = (node: Typescript.Node, kind: Typescript.SyntaxKind) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind);
  const addBinding = (name: Typescript.BindingName) => {
    if (ts.isIdentifier(name)) {
      names.add(name.text);
      return;
    }
    for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  /** `exports.f`, `module.exports.f`: the property's name. */
  const commonJsName = (target: Typescript.Expression): string | null => {
    if (!ts.isPropertyAccessExpression(target)) return null;
    const object = target.expression;
    const isExports = ts.isIdentifier(object) && object.text === 'exports';
    const isModuleExports =
      ts.isPropertyAccessExpression(object) &&
      ts.isIdentifier(object.expression) &&
      object.expression.text === 'module' &&
      object.name.text === 'exports';
    return isExports || isModuleExports ? target.name.text : null;
  };

  for (const statement of file.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword) && !hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(statement)) {
      if (exported) for (const declaration of statement.declarationList.declarations) addBinding(declaration.name);
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
      if (exported && statement.name) names.add(statement.name.text);
    } else if (ts.isExportDeclaration(statement)) {
      if (!statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) if (!element.isTypeOnly) names.add(element.name.text);
      }
    } else if (ts.isExpressionStatement(statement)) {
      const expression = statement.expression;
      if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const name = commonJsName(expression.left);
      if (name !== null) {
        names.add(name);
        continue;
      }
      const left = expression.left;
      const isModuleExports =
        ts.isPropertyAccessExpression(left) && ts.isIdentifier(left.expression) && left.expression.text === 'module' && left.name.text === 'exports';
      if (isModuleExports && ts.isObjectLiteralExpression(expression.right)) {
        for (const property of expression.right.properties) {
          if (
            (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property) || ts.isMethodDeclaration(property)) &&
            (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
          ) {
            names.add(property.name.text);
          }
        }
      }
    }
  }
  return [...names];
}
