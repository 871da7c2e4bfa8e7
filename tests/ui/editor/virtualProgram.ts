import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ts from 'typescript';
import { learnerCompilerOptions } from '../../../src/ui/editor/learnerCompilerOptions.ts';
import { toMonacoCompilerOptions } from '../../../src/ui/editor/monacoCompilerOptions.ts';
import { tfjsCoreDeclarations } from '../../../src/ui/editor/tfjsCoreDeclarations.ts';
import { LEARNER_FILE_PATH, tfjsVirtualFiles } from '../../../src/ui/editor/tfjsTypes.ts';

/** The options exactly as the editor hands them to Monaco's TypeScript worker. */
export const editorCompilerOptions: ts.CompilerOptions = toMonacoCompilerOptions(learnerCompilerOptions);

const LIB_DIR = dirname(ts.getDefaultLibFilePath(editorCompilerOptions));

/**
 * A compiler host over files held in memory, as Monaco's TypeScript worker has them: every file comes from
 * `readFile`, the current directory is empty, nothing is written. `defaultLib` names the lib TypeScript asks
 * for when the options set none.
 */
export function memoryCompilerHost(
  readFile: (fileName: string) => string | undefined,
  defaultLib: (options: ts.CompilerOptions) => string,
): ts.CompilerHost {
  return {
    getSourceFile: (fileName, languageVersion) => {
      const text = readFile(fileName);
      return text === undefined ? undefined : ts.createSourceFile(fileName, text, languageVersion, true);
    },
    getDefaultLibFileName: defaultLib,
    writeFile: () => undefined,
    getCurrentDirectory: () => '',
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) => readFile(fileName) !== undefined,
    readFile,
  };
}

/**
 * A program shaped like the one in Monaco's TypeScript worker: the learner's file plus every shipped
 * declaration as a root file, all at the same `file:///` paths, an empty current directory, and the standard
 * libs by file name from the `typescript` package (Monaco bundles the same TypeScript version).
 */
export function createLearnerProgram(
  source: string,
  options: ts.CompilerOptions = editorCompilerOptions,
): { program: ts.Program; learnerFile: ts.SourceFile } {
  const files = new Map(tfjsVirtualFiles(tfjsCoreDeclarations).map((file) => [file.path, file.content]));
  files.set(LEARNER_FILE_PATH, source);

  const readFile = (fileName: string): string | undefined => {
    const virtual = files.get(fileName);
    if (virtual !== undefined) return virtual;
    return fileName.startsWith(LIB_DIR) && existsSync(fileName) ? readFileSync(fileName, 'utf8') : undefined;
  };
  const host = memoryCompilerHost(readFile, (opts) => ts.getDefaultLibFilePath(opts));
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  const learnerFile = program.getSourceFile(LEARNER_FILE_PATH);
  if (!learnerFile) throw new Error('the learner file is missing from the program');
  return { program, learnerFile };
}

export type Finding = { code: number; line: number; message: string };

/** What the editor would underline in the learner's file, plus anything wrong with the setup itself. */
export function typeCheck(source: string, options?: ts.CompilerOptions): Finding[] {
  const { program, learnerFile } = createLearnerProgram(source, options);
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(learnerFile),
    ...program.getSemanticDiagnostics(learnerFile),
  ];
  return diagnostics.map((diagnostic) => ({
    code: diagnostic.code,
    line:
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
        : 0,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  }));
}
