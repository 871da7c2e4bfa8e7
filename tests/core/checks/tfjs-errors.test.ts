import { describe, expect, it } from 'vitest';
import { explainEngineError, explainSandboxRefusal } from '../../../src/core/checks/tfjs-errors.ts';

// The engine's own words, as TF.js 4.22 throws them for each custom-gradient pitfall.
const ENGINE_MESSAGES = {
  count:
    'The function f passed in customGrad(f) must return an object where `obj.gradFunc` is a function that returns the same number of tensors as inputs passed to f(...).',
  shape: "Error in gradient for op forward. The gradient of input '0' has shape '', which does not match the shape of the input '2'",
  dtype: "Error in gradient for op forward. The gradient of input 0 must have 'float32' dtype, but has 'int32'",
  disposed: "Cannot read properties of undefined (reading 'backend')",
  gradInsideGradFunc: "Cannot read properties of null (reading 'forEach')",
  disconnected:
    'Cannot compute gradient of y=f(x) with respect to x. Make sure that the f you passed encloses all operations that lead from x to y.',
} as const;

describe('explainEngineError', () => {
  it.each([
    ['count', /one gradient per input/],
    ['shape', /shape differs from its input/],
    ['dtype', /not float32/],
    ['disposed', /save\(\[\.\.\.\]\)/],
    ['gradInsideGradFunc', /inside gradFunc/],
    ['disconnected', /not connected to the inputs/],
  ] as const)('names the pitfall behind the %s message', (key, explanation) => {
    expect(explainEngineError(ENGINE_MESSAGES[key])).toMatch(explanation);
  });

  it('leaves other messages alone', () => {
    expect(explainEngineError('y.foo is not a function')).toBeNull();
  });
});

describe('explainSandboxRefusal', () => {
  it('says why a dynamic import or an HTML comment in the text is refused', () => {
    expect(explainSandboxRefusal('Possible import expression rejected at submission.ts:8. (SES_IMPORT_REJECTED)')).toMatch(/only import allowed/);
    expect(explainSandboxRefusal('Possible HTML comment rejected at submission.ts:3. (SES_HTML_COMMENT_REJECTED)')).toMatch(/<!--/);
    expect(explainSandboxRefusal('Unexpected token')).toBeNull();
  });
});
