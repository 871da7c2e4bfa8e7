import { SUBMISSION_URL, transpile, type Position } from './transpile.ts';

/** The only module the learner's code may import. */
export const ALLOWED_IMPORT = '@tensorflow/tfjs';

export class ImportRefused extends Error {
  override readonly name = 'ImportError';
  constructor(specifier: string) {
    super(`only '${ALLOWED_IMPORT}' can be imported here, not '${specifier}'`);
  }
}

type AsyncFunctionConstructor = new (...argsAndBody: string[]) => (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = (async () => {}).constructor as AsyncFunctionConstructor;

/**
 * How many lines the engine puts before the body of `new AsyncFunction(...)`. Measured rather than assumed,
 * since it is an engine detail: V8 says 2 today.
 */
const HEADER_LINES: Promise<number> = (async () => {
  const probe = new AsyncFunction(`throw new Error('offset probe')\n//# sourceURL=${SUBMISSION_URL}`);
  try {
    await probe();
  } catch (error) {
    const match = new RegExp(`${SUBMISSION_URL.replace('.', '\\.')}:(\\d+):`).exec(String((error as Error).stack));
    if (match) return Number(match[1]) - 1;
  }
  return 0;
})();

export type EvaluatedModule = {
  readonly exports: Record<string, unknown>;
  /** Maps a position in a stack frame of the learner's code to their TypeScript source. */
  readonly mapPosition: (position: Position) => Position;
};

export type EvaluateOptions = {
  /** What `import ... from '@tensorflow/tfjs'` gives the learner. */
  readonly tf: object;
  /** The `console` the learner's code sees. */
  readonly console: object;
};

/**
 * Runs the learner's module: types stripped, imports limited to tfjs, top-level `await` allowed. Positions
 * come back through `mapPosition` even when evaluation throws (see `ModuleThrew`).
 */
export async function evaluateModule(source: string, options: EvaluateOptions): Promise<EvaluatedModule> {
  const transpiled = transpile(source);
  const headerLines = await HEADER_LINES;
  const mapPosition = (position: Position) =>
    transpiled.toSource({ line: position.line - headerLines, column: position.column });
  const moduleExports: Record<string, unknown> = {};
  const moduleObject = { exports: moduleExports };
  const require = (specifier: unknown) => {
    if (specifier === ALLOWED_IMPORT) return options.tf;
    throw new ImportRefused(String(specifier));
  };
  try {
    const body = new AsyncFunction('require', 'exports', 'module', 'console', `${transpiled.code}\n//# sourceURL=${SUBMISSION_URL}`);
    await body(require, moduleExports, moduleObject, options.console);
  } catch (error) {
    throw new ModuleThrew(error, mapPosition);
  }
  return { exports: moduleObject.exports, mapPosition };
}

/** The learner's module threw while loading; carries the position mapper to describe where. */
export class ModuleThrew extends Error {
  constructor(
    readonly thrown: unknown,
    readonly mapPosition: (position: Position) => Position,
  ) {
    super('the module threw while loading');
  }
}
