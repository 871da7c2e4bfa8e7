import { transform } from 'sucrase';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/** The name the learner's code runs under, so that stack frames can be told apart from ours. */
export const SUBMISSION_URL = 'submission.ts';

export type Position = { readonly line: number; readonly column: number };

export type Transpiled = {
  /** CommonJS-style JavaScript: imports became `require` calls, exports became `exports.name = ...`. */
  readonly code: string;
  /** Maps a 1-based position in `code` to the 1-based position in the learner's TypeScript. */
  toSource(position: Position): Position;
};

export class TranspileError extends Error {
  override readonly name = 'SyntaxError';
  constructor(
    message: string,
    readonly position: Position | null,
  ) {
    super(message);
  }
}

/**
 * Strips types and turns ES module syntax into `require`/`exports`, which the sandbox can evaluate with an
 * import allow-list. Sucrase keeps every line where it was, but not every column: the source map puts
 * columns back.
 */
export function transpile(source: string): Transpiled {
  let result;
  try {
    result = transform(source, {
      transforms: ['typescript', 'imports'],
      filePath: SUBMISSION_URL,
      sourceMapOptions: { compiledFilename: 'submission.js' },
    });
  } catch (error) {
    throw toTranspileError(error);
  }
  const { code, sourceMap } = result;
  if (!sourceMap) throw new Error('sucrase returned no source map');
  const map = new TraceMap(sourceMap as ConstructorParameters<typeof TraceMap>[0]);
  return {
    code,
    toSource({ line, column }) {
      const original = originalPositionFor(map, { line, column: column - 1 });
      if (original.line === null || original.column === null) return { line, column };
      return { line: original.line, column: original.column + 1 };
    },
  };
}

/** Sucrase reports "Unexpected token (3:14)" with a `loc` whose line and column are 1-based. */
function toTranspileError(error: unknown): TranspileError {
  if (!(error instanceof Error)) return new TranspileError(String(error), null);
  const loc = (error as { loc?: { line?: unknown; column?: unknown } }).loc;
  // Sucrase prefixes the file name and suffixes "(line:column)"; both are said better elsewhere.
  const message = error.message.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)\s*$/, '');
  if (loc && typeof loc.line === 'number' && typeof loc.column === 'number') {
    return new TranspileError(message, { line: loc.line, column: Math.max(1, loc.column) });
  }
  return new TranspileError(message, null);
}
