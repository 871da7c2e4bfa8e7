/**
 * The virtual file system in which the learner's `import * as tf from '@tensorflow/tfjs'` resolves to the real
 * tfjs-core declarations. Monaco's TypeScript worker and the unit test's compiler host serve exactly these
 * files, so the editor and the test type-check against the same thing.
 *
 * Module resolution walks up from the learner's file (`file:///submission.ts`) into `file:///node_modules/`
 * as it would on disk, so no `paths` mapping is needed. There are no package.json files: every extra lib is
 * compiled as a source file, so each package gets an `index.d.ts` instead, which resolution finds just as well.
 *
 * A few of tfjs-core's files are edited on the way in (see `REWRITES`): the export list of `base.d.ts` loses what
 * the sandbox withholds, and `customGrad` gets a signature under which the documented, unannotated callback
 * type-checks. The namespaces of WITHHELD_MEMBERS lose those members too (`util.fetch`).
 */
import { WITHHELD_EXPORTS, WITHHELD_MEMBERS } from '../../worker/withheld-exports.ts';

/** Where the learner's code lives unless the editor is told otherwise. */
export const LEARNER_FILE_PATH = 'file:///submission.ts';

const NODE_MODULES = 'file:///node_modules/';

/** What the learner imports; the sandbox backs it with tfjs-core and the CPU backend. */
const TFJS_MODULE = '@tensorflow/tfjs';
export const TFJS_ENTRY_PATH = `${NODE_MODULES}${TFJS_MODULE}/index.d.ts`;
const TFJS_CORE_DIST = `${NODE_MODULES}@tensorflow/tfjs-core/dist/`;

// The sandbox (src/worker/tf.ts) registers the chained methods (`x.square()`, `dy.mul(y)`) besides the core;
// their declarations augment `Tensor`. (It registers the gradients too, but those add no types.)
const CHAINED_OPS = 'public/chained_ops/register_all_chained_ops';

/** The tfjs-core modules, relative to `dist/`, that make up the API the learner types against. */
export const TFJS_CORE_ENTRIES = ['index', CHAINED_OPS] as const;

export type VirtualFile = { path: string; content: string };

/*
 * tfjs-core's declarations name a few types that exist neither in a worker (no DOM lib) nor in what we ship:
 * `/// <reference types="@webgpu/types/dist" />` for GPUBuffer, the global `Long` of @types/long, and some
 * DOM elements. Opaque stand-ins keep those signatures closed (nothing converts to them by accident, unlike
 * the `any` an unresolved name would become) without shipping 100 kB of WebGPU and DOM typings for APIs
 * that the CPU backend in a worker cannot use anyway.
 */
const WEBGPU_STUB = `interface GPUBuffer { readonly __webGpuOnly: never }
`;
const WORKER_STUBS = `interface HTMLCanvasElement { readonly __domOnly: never }
interface HTMLImageElement { readonly __domOnly: never }
interface HTMLSourceElement { readonly __domOnly: never }
interface HTMLVideoElement { readonly __domOnly: never }
interface Navigator { readonly __domOnly: never }
interface Storage { readonly __domOnly: never }
interface Long { readonly __notModelled: never }
`;

const SHIMS: readonly VirtualFile[] = [
  {
    path: TFJS_ENTRY_PATH,
    content: `export * from '@tensorflow/tfjs-core';\nimport '@tensorflow/tfjs-core/dist/${CHAINED_OPS}';\n`,
  },
  { path: `${NODE_MODULES}@tensorflow/tfjs-core/index.d.ts`, content: "export * from './dist/index';\n" },
  { path: `${NODE_MODULES}@webgpu/types/dist/index.d.ts`, content: WEBGPU_STUB },
  { path: 'file:///kata/worker-stubs.d.ts', content: WORKER_STUBS },
];

type CoreDeclarations = Readonly<Record<string, string>>;

/**
 * tfjs-core declares `customGrad(f: CustomGradientFunc<T>)` with `CustomGradientFunc<T> = (...inputs:
 * Array<Tensor | GradSaveFunc>) => ...`, so the parameters of an unannotated callback, as in TF.js's own
 * docs (`tf.customGrad((x, save) => ...)`), are each `Tensor | GradSaveFunc`: neither `tf.mul(x, x)` nor
 * `save([y])` type-checks.
 *
 * At runtime the callback gets the inputs, then `save` last. Overloads by arity cannot say so: TypeScript
 * types an unannotated callback's parameters from the first overload it tries and keeps those types for the
 * others (checked with TypeScript 5.9), so with the one-input overload first `(a, b, save)` gets no types at
 * all (implicit any), and with the two-input one first `(x, save)` gets `save: Tensor`. Hence one signature:
 * the first parameter is a Tensor, each later one an input or `save`, typed as both. Still reported:
 * `save(y)` (not an array), a gradFunc that returns no Tensor, a `value` that is no Tensor, an annotation
 * that fits neither role (`save: Tensor[]`). The annotated `(x: Tensor, save: GradSaveFunc)` passes, also
 * under strictFunctionTypes.
 */
const CUSTOM_GRAD_DECLARATION =
  'declare function customGrad<T extends Tensor>(f: CustomGradientFunc<T>): (...args: Tensor[]) => T;';
const CUSTOM_GRAD_REWRITTEN = `declare function customGrad<T extends Tensor>(f: (x: Tensor, ...inputsThenSave: Array<Tensor & import('./tensor_types').GradSaveFunc>) => {
    value: T;
    gradFunc: (dy: T, saved: Tensor[]) => Tensor | Tensor[];
}): (...args: Tensor[]) => T;`;

/** tfjs-core's kernel names (`Abs = "Abs"`...): keys into the kernel and gradient registries, which are withheld. */
const KERNEL_NAMES_MODULE = './kernel_names';

const exportedName = (specifier: string) => specifier.split(/\s+as\s+/).pop()?.trim() ?? '';

/**
 * The names a module of tfjs-core declares and exports, or `undefined` when it also re-exports (then its
 * names are not all in this one file).
 */
function declaredExports(core: CoreDeclarations, from: string): string[] | undefined {
  const text = core[`${from.replace(/^\.\//, '')}.d.ts`];
  if (text === undefined) return undefined;
  const names = new Set<string>();
  for (const [statement] of text.matchAll(/^export\b.*$/gm)) {
    const declared =
      /^export (?:declare )?(?:abstract )?(?:function|class|const|let|var|type|interface|enum|namespace) ([\w$]+)/.exec(
        statement,
      );
    if (declared?.[1]) names.add(declared[1]);
    else if (statement !== 'export {};') return undefined;
  }
  return [...names];
}

/**
 * tfjs-core's `base.d.ts` (which its `index.d.ts` re-exports whole) without the kernel names and without
 * what the sandbox withholds: the export lists lose those names, and an `export *` from a module that
 * declares one becomes a list of the module's other names.
 */
function withoutWithheldExports(base: string, core: CoreDeclarations): string {
  return base
    .replace(/^export \* from '([^']+)';$/gm, (statement, from: string) => {
      if (from === KERNEL_NAMES_MODULE) return '';
      const names = declaredExports(core, from);
      if (!names?.some((name) => WITHHELD_EXPORTS.has(name))) return statement;
      return `export { ${names.filter((name) => !WITHHELD_EXPORTS.has(name)).join(', ')} } from '${from}';`;
    })
    .replace(/^export \{([^}]*)\}( from '[^']+')?;$/gm, (_statement, list: string, from = '') => {
      const kept = list
        .split(',')
        .map((specifier) => specifier.trim())
        .filter((specifier) => specifier !== '' && !WITHHELD_EXPORTS.has(exportedName(specifier)));
      return kept.length === 0 ? '' : `export { ${kept.join(', ')} }${from};`;
    });
}

function replaceExactly(text: string, original: string, replacement: string, file: string): string {
  if (!text.includes(original)) throw new Error(`tfjs-core's ${file} has changed: ${original} is not in it`);
  return text.replace(original, () => replacement);
}

/** The files of tfjs-core that the editor serves edited, with the edit. */
const REWRITES: Readonly<Record<string, (text: string, core: CoreDeclarations) => string>> = {
  'gradients.d.ts': (text) => replaceExactly(text, CUSTOM_GRAD_DECLARATION, CUSTOM_GRAD_REWRITTEN, 'gradients.d.ts'),
  'base.d.ts': withoutWithheldExports,
};

/**
 * The declaration file of each namespace that `base.d.ts` imports whole to export it
 * (`import * as util from './util';`), by namespace.
 */
function namespaceFiles(base: string): Map<string, string> {
  const imports = base.matchAll(/^import \* as ([\w$]+) from '\.\/([^']+)';$/gm);
  return new Map([...imports].map(([, name = '', from = '']) => [name, `${from}.d.ts`]));
}

/** `text` without the declarations of `names`, their doc comments included; throws for a name not declared there. */
function withoutDeclarations(text: string, names: ReadonlySet<string>, file: string): string {
  let kept = text;
  for (const name of names) {
    // A doc comment that runs up to the declaration (it cannot contain `*/`), then the one-line declaration.
    const declaration = new RegExp(
      `(?:/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/\\s*)?^export declare (?:function|const|let|var|class) ${name}\\b.*\\n`,
      'gm',
    );
    if (!declaration.test(kept)) throw new Error(`tfjs-core's ${file} has changed: it does not declare ${name}`);
    kept = kept.replace(declaration, '');
  }
  return kept;
}

/** The rewrites that take WITHHELD_MEMBERS out of their namespaces' declaration files. */
function withheldMemberRewrites(core: CoreDeclarations): Record<string, (text: string) => string> {
  const files = namespaceFiles(core['base.d.ts'] ?? '');
  return Object.fromEntries(
    Object.entries(WITHHELD_MEMBERS).map(([namespace, names]) => {
      const file = files.get(namespace);
      if (file === undefined) throw new Error(`tfjs-core's base.d.ts does not import the namespace ${namespace} whole`);
      // One rewrite per file: a second one here would replace, not follow, the one in REWRITES.
      if (REWRITES[file]) throw new Error(`${file} is rewritten already: compose the two rewrites`);
      return [file, (text: string) => withoutDeclarations(text, names, file)];
    }),
  );
}

/**
 * Every virtual file, given tfjs-core's declarations keyed by their path inside `dist/`
 * (e.g. `ops/add.d.ts`, as `tfjsCoreDeclarations.ts` provides them).
 */
export function tfjsVirtualFiles(coreDeclarations: CoreDeclarations): VirtualFile[] {
  const rewrites = { ...REWRITES, ...withheldMemberRewrites(coreDeclarations) };
  for (const file of Object.keys(rewrites)) {
    if (!(file in coreDeclarations)) throw new Error(`tfjs-core's ${file} is missing from the declarations`);
  }
  const core = Object.entries(coreDeclarations).map(([file, content]) => ({
    path: TFJS_CORE_DIST + file,
    content: rewrites[file]?.(content, coreDeclarations) ?? content,
  }));
  return [...SHIMS, ...core];
}
