import 'ses';
import { FRAME_POSITION } from './learner-error.ts';
import { learnerGlobals } from './learner-globals.ts';
import { SUBMISSION_URL, transpile, type Position } from './transpile.ts';

/** The only module the learner's code may import. */
export const ALLOWED_IMPORT = '@tensorflow/tfjs';

export class ImportRefused extends Error {
  override readonly name = 'ImportError';
  constructor(specifier: string) {
    super(`only '${ALLOWED_IMPORT}' can be imported here, not '${specifier}'`);
  }
}

type ModuleFactory = (require: (specifier: unknown) => unknown, exports: object, module: object) => Promise<unknown>;

/** The learner's module as one async function (top-level `await` allowed), evaluated in a fresh Compartment. */
function compile(code: string, globals: Record<string, unknown>): ModuleFactory {
  const compartment = new Compartment({ __options__: true, name: SUBMISSION_URL });
  Object.assign(compartment.globalThis, globals);
  return compartment.evaluate(
    `(async function (require, exports, module) {\n${code}\n})\n//# sourceURL=${SUBMISSION_URL}`,
  ) as ModuleFactory;
}

/**
 * How many lines come before the learner's first line in a stack frame: our wrapper's, and whatever the
 * Compartment adds. Measured rather than assumed, since it is an engine and SES detail.
 */
let headerLines: Promise<number> | undefined;
function measureHeaderLines(): Promise<number> {
  headerLines ??= compile("throw new Error('offset probe')", learnerGlobals({ seed: 'offset probe', console: {} }))(() => undefined, {}, {}).then(
    () => 0,
    (error: unknown) => {
      const match = FRAME_POSITION.exec(String((error as Error).stack));
      return match ? Number(match[1]) - 1 : 0;
    },
  );
  return headerLines;
}

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
  /** Seeds the learner's `Math.random()`. */
  readonly seed: string;
};

/**
 * Runs the learner's module: types stripped, imports limited to tfjs, top-level `await` allowed, in a
 * Compartment of a realm that `hardenRealm` has locked down. Positions come back through `mapPosition` even
 * when evaluation throws (see `ModuleThrew`).
 */
export async function evaluateModule(source: string, options: EvaluateOptions): Promise<EvaluatedModule> {
  const transpiled = transpile(source);
  const offset = await measureHeaderLines();
  const mapPosition = (position: Position) =>
    transpiled.toSource({ line: position.line - offset, column: position.column });
  const moduleExports: Record<string, unknown> = {};
  const moduleObject = { exports: moduleExports };
  const require = (specifier: unknown) => {
    if (specifier === ALLOWED_IMPORT) return options.tf;
    throw new ImportRefused(String(specifier));
  };
  try {
    await compile(transpiled.code, learnerGlobals({ seed: options.seed, console: options.console }))(require, moduleExports, moduleObject);
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
