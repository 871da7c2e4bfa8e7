/**
 * Monaco's web workers and the TypeScript language service for the learner's code: compiler options,
 * the tfjs declarations (loaded lazily), and a way to wait until all of that is live.
 */
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TypeScriptWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import { learnerCompilerOptions } from './learnerCompilerOptions.ts';
import { toMonacoCompilerOptions } from './monacoCompilerOptions.ts';
import { monaco, typescript } from './monaco.ts';
import { TFJS_ENTRY_PATH, tfjsVirtualFiles } from './tfjsTypes.ts';

const { typescriptDefaults } = typescript;

// Monaco's typings only know the enum members of TypeScript 2.x (e.g. no `Bundler`); its worker takes them all.
typescriptDefaults.setCompilerOptions(
  toMonacoCompilerOptions(learnerCompilerOptions) as unknown as typescript.CompilerOptions,
);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Monaco passes new extra libs on after a zero timer; this is only a guard in case that ever stops firing. */
const EXTRA_LIBS_NOTICE_TIMEOUT_MS = 1000;

let typesLoaded: Promise<void> | undefined;

/**
 * Fetches the tfjs declarations (a chunk of their own) once and hands them to the TypeScript worker.
 * Resolves once Monaco has passed them on to its worker manager, which sends them as soon as the worker is up,
 * ahead of the requests that were waiting for it: a worker started after this never answers a completion
 * without them.
 */
function loadTfjsTypes(): Promise<void> {
  typesLoaded ??= import('./tfjsCoreDeclarations.ts').then(({ tfjsCoreDeclarations }) => {
    const passedOn = new Promise<void>((resolve) => {
      const listener = typescriptDefaults.onDidExtraLibsChange(() => {
        listener.dispose();
        resolve();
      });
    });
    typescriptDefaults.setExtraLibs(
      tfjsVirtualFiles(tfjsCoreDeclarations).map(({ path, content }) => ({ filePath: path, content })),
    );
    return Promise.race([passedOn, pause(EXTRA_LIBS_NOTICE_TIMEOUT_MS)]).then(() => undefined);
  });
  return typesLoaded;
}

// Both workers are bundled by Vite (`?worker`), so their URLs are relative to the build, never a CDN.
self.MonacoEnvironment = {
  getWorker(_workerId, label) {
    if (label === 'typescript' || label === 'javascript') {
      // Started only once the declarations are in (or failed to load): a language service that starts
      // without them reports `@tensorflow/tfjs` as missing, which would flash red until they arrive.
      return loadTfjsTypes()
        .catch(() => undefined)
        .then(() => new TypeScriptWorker());
    }
    return new EditorWorker();
  },
};

/**
 * Resolves once the TypeScript worker holds the tfjs declarations and has checked the model at `uri`
 * (which must exist already), so that hovers, completions and markers reflect the real types.
 */
export async function whenTypeScriptReady(uri: monaco.Uri): Promise<void> {
  await loadTfjsTypes();
  const getWorker = await typescript.getTypeScriptWorker();
  const worker = await getWorker(uri);
  // New extra libs reach a running worker asynchronously.
  while ((await worker.getScriptText(TFJS_ENTRY_PATH)) === undefined) await pause(50);
  // The first full check builds the program; done here, the first hover does not wait for it.
  await worker.getSemanticDiagnostics(uri.toString());
}

/** How long a syntax check may wait for a TypeScript worker that is still starting. */
const SYNTAX_CHECK_TIMEOUT_MS = 3000;

type MessageChain = { messageText: string; next?: MessageChain[] };

function flattenMessage(text: string | MessageChain): string {
  return typeof text === 'string' ? text : text.messageText;
}

/**
 * The first syntax error TypeScript's own parser finds in the model at `uri`, or null when there is none
 * (or the TypeScript worker could not answer in time).
 */
export async function firstSyntaxError(
  uri: monaco.Uri,
): Promise<{ line: number; column: number; message: string } | null> {
  const model = monaco.editor.getModel(uri);
  if (!model) return null;
  const ask = async () => {
    const getWorker = await typescript.getTypeScriptWorker();
    const worker = await getWorker(uri);
    return worker.getSyntacticDiagnostics(uri.toString());
  };
  const diagnostics = await Promise.race([ask(), pause(SYNTAX_CHECK_TIMEOUT_MS).then(() => [])]);
  const first = diagnostics.find((diagnostic) => diagnostic.start !== undefined);
  if (!first || first.start === undefined || model.isDisposed()) return null;
  const position = model.getPositionAt(first.start);
  return { line: position.lineNumber, column: position.column, message: flattenMessage(first.messageText) };
}
