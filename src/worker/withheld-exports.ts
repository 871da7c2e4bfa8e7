/**
 * The exports of tfjs-core that learner code does not get: they lead to the engine, a backend, a kernel or
 * gradient registry, or global flags (an `engine().runKernel` patch could forge any number).
 *
 * One list for both sides: the sandbox leaves these names out of the learner's `@tensorflow/tfjs`
 * (harden.ts), and the editor leaves them out of the declarations it types the learner's code against
 * (src/ui/editor/tfjsTypes.ts), so the editor never offers what a run would not have.
 */
export const WITHHELD_EXPORTS: ReadonlySet<string> = new Set([
  'engine',
  'backend',
  'setBackend',
  'getBackend',
  'findBackend',
  'findBackendFactory',
  'registerBackend',
  'removeBackend',
  'registerKernel',
  'unregisterKernel',
  'getKernel',
  'getKernelsForBackend',
  'copyRegisteredKernels',
  'registerGradient',
  'unregisterGradient',
  'getGradient',
  'env',
  'ENV',
  'Environment',
  'enableDebugMode',
  'enableProdMode',
  'setPlatform',
  'profile',
  'disposeVariables',
  'io',
  'serialization',
  'device_util',
  'kernel_impls',
]);

/**
 * Members of tfjs-core's namespaces that learner code does not get either: its namespace is a copy without
 * them (no-network.ts), and the editor's declarations leave them out (tfjsTypes.ts). `util.fetch` is the
 * platform's fetch: the global fetch in a browser or a worker, Node's (or node-fetch) in the CLI.
 */
export const WITHHELD_MEMBERS: Readonly<Record<string, ReadonlySet<string>>> = {
  util: new Set(['fetch']),
};
