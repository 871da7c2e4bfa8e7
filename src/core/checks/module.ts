import type { CheckSpec } from '../grader.ts';
import type { ExportKind } from '../measurements.ts';
import { CHECK_STATUS } from '../report.ts';
import { describeLocation, locationOf } from './learner-error.ts';
import { explainSandboxRefusal } from './tfjs-errors.ts';

export const MODULE_CHECK_ID = 'module';

const KIND_IN_WORDS: Record<ExportKind, string> = {
  function: 'a function',
  'async-function': 'an async function',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  undefined: 'undefined',
  other: 'a value of another kind',
};

/** The submission loads as a module and exports the entry function: the gate for every other check. */
export const moduleCheck: CheckSpec = {
  id: MODULE_CHECK_ID,
  title: 'Module loads and exports the function',
  run({ load, problem }) {
    const entry = problem.entry;
    const expected = `\`export const ${entry} = ${problem.signature} => ...\``;
    if (load.status === 'threw') {
      const { error } = load;
      const location = locationOf(error);
      const where = describeLocation(location);
      const refusal = explainSandboxRefusal(error.message);
      const message = refusal
        ? `${refusal} (${error.message})`
        : error.name === 'SyntaxError'
          ? `Syntax error${where}: ${error.message}`
          : `Your module threw ${error.name} while loading${where}: ${error.message}`;
      return { status: CHECK_STATUS.failed, message, ...(location ? { location } : {}) };
    }
    const kind = load.exports[entry];
    if (kind === undefined) {
      const found = Object.keys(load.exports);
      const foundText =
        found.length === 0
          ? 'it exports nothing'
          : `it exports ${found.map((name) => `\`${name}\``).join(', ')}`;
      return {
        status: CHECK_STATUS.failed,
        message: `No export named \`${entry}\`: ${foundText}. Expected ${expected} (names are case-sensitive).`,
      };
    }
    if (kind === 'async-function') {
      return {
        status: CHECK_STATUS.failed,
        message: `\`${entry}\` is an async function. Gradients in TF.js are synchronous: drop \`async\` and return the tensor itself.`,
      };
    }
    if (kind !== 'function') {
      return {
        status: CHECK_STATUS.failed,
        message: `\`${entry}\` is ${KIND_IN_WORDS[kind]}, not a function. Expected ${expected}.`,
      };
    }
    return { status: CHECK_STATUS.passed, message: `Exports \`${entry}\` as a function.` };
  },
};
