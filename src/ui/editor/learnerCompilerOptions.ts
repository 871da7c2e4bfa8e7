/**
 * Compiler options for the learner's code, in tsconfig.json form (enum names as strings), so that the
 * Monaco editor and a unit test compiling with the `typescript` package share one source of truth.
 * The editor maps them to Monaco's numeric form in `monacoCompilerOptions.ts`.
 */
export const learnerCompilerOptions = {
  // All of it, strictFunctionTypes included: the editor's declaration of tf.customGrad (tfjsTypes.ts) takes
  // the annotated callback `(x: tf.Tensor, save: tf.GradSaveFunc) => ...` without the bivariant check.
  strict: true,
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
