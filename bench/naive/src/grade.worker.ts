/**
 * One Run: evaluates the learner's compiled module with the full tfjs (whatever backend it picks by default)
 * and compares `fixedPointSqrt` and its gradient with the square root's on a few inputs. A fresh worker per Run.
 */
import * as tf from '@tensorflow/tfjs';

export type Check = { name: string; passed: boolean; expected: number; got: number };
export type GradeResult = {
  verdict: 'passed' | 'failed' | 'error';
  summary: string;
  checks: Check[];
  backend?: string;
};

/** Inside the range where ten Newton steps from 1 match sqrt in float32 (see the statement). */
const INPUTS = [0.01, 0.5, 2, 4, 9, 100, 1000];
const RELATIVE_TOLERANCE = 1e-4;

function check(name: string, got: number | undefined, expected: number): Check {
  const value = got ?? Number.NaN;
  return { name, expected, got: value, passed: Math.abs(value - expected) <= RELATIVE_TOLERANCE * Math.abs(expected) };
}

async function grade(compiled: string): Promise<GradeResult> {
  let backend: string | undefined;
  try {
    await tf.ready();
    backend = tf.getBackend();
    const module = { exports: {} as Record<string, unknown> };
    const require = (name: string) => {
      if (name === '@tensorflow/tfjs') return tf;
      throw new Error(`Cannot find module '${name}'`);
    };
    new Function('require', 'module', 'exports', compiled)(require, module, module.exports);
    const fixedPointSqrt = module.exports.fixedPointSqrt;
    if (typeof fixedPointSqrt !== 'function') {
      return { verdict: 'failed', summary: 'The code does not export a function fixedPointSqrt.', checks: [], backend };
    }
    const f = fixedPointSqrt as (x: tf.Tensor) => tf.Tensor;
    const x = tf.tensor1d(INPUTS);
    const forward = await f(x).data();
    const gradient = await tf.grad((input: tf.Tensor) => tf.sum(f(input)))(x).data();
    const checks = INPUTS.flatMap((input, i) => [
      check(`fixedPointSqrt(${input})`, forward[i], Math.sqrt(input)),
      check(`gradient at ${input}`, gradient[i], 0.5 / Math.sqrt(input)),
    ]);
    const failed = checks.filter((c) => !c.passed).length;
    return {
      verdict: failed === 0 ? 'passed' : 'failed',
      summary: failed === 0 ? `All ${checks.length} checks passed.` : `${failed} of ${checks.length} checks failed.`,
      checks,
      backend,
    };
  } catch (error) {
    return { verdict: 'error', summary: error instanceof Error ? `${error.name}: ${error.message}` : String(error), checks: [], backend };
  }
}

self.onmessage = async (event: MessageEvent<string>) => {
  self.postMessage(await grade(event.data));
};
