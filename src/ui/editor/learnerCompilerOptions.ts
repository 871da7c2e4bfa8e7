/**
 * Compiler options for the learner's code, in tsconfig.json form (enum names as strings), so that the
 * Monaco editor and a unit test compiling with the `typescript` package share one source of truth.
 * The editor maps them to Monaco's numeric form in `monacoCompilerOptions.ts`.
 */
export const learnerCompilerOptions = {
  strict: true,
  // The form TF.js documents, `tf.customGrad((x: tf.Tensor, save: tf.GradSaveFunc) => ...)`, is rejected
  // with TS2345 under strict function types: `CustomGradientFunc` takes `...inputs: Array<Tensor | GradSaveFunc>`,
  // and a callback with narrower parameter types only passes the (bivariant) non-strict check.
  strictFunctionTypes: false,
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'Bundler',
  // The code runs in a Web Worker: no DOM, but `console`, timers and friends are there.
  lib: ['ES2022', 'WebWorker'],
  // Only the declarations we hand over explicitly; never whatever happens to sit in an @types folder.
  types: [],
  // Lookups for `@typescript/lib-*` replacement packages would only cost file probes.
  libReplacement: false,
  // Errors inside tfjs-core's own declarations are not the learner's business.
  skipLibCheck: true,
  noEmit: true,
} as const;

export type LearnerCompilerOptions = typeof learnerCompilerOptions;
