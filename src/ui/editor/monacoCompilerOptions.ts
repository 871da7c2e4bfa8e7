import type { LearnerCompilerOptions } from './learnerCompilerOptions.ts';

/*
 * TypeScript's own enum values (`ts.ScriptTarget.ES2022` and so on). Monaco's typed enums stop at ES2020 and
 * Node10, but its worker runs a full TypeScript 5.9 that accepts every value TypeScript knows.
 * tests/ui/editor pins these numbers against the `typescript` package.
 */
const SCRIPT_TARGET = { ES2022: 9 } as const satisfies Record<LearnerCompilerOptions['target'], number>;
const MODULE_KIND = { ESNext: 99 } as const satisfies Record<LearnerCompilerOptions['module'], number>;
const MODULE_RESOLUTION = { Bundler: 100 } as const satisfies Record<
  LearnerCompilerOptions['moduleResolution'],
  number
>;

type Converted = 'target' | 'module' | 'moduleResolution' | 'lib' | 'types';

/** The options as a TypeScript program expects them, i.e. what `ts.convertCompilerOptionsFromJson` yields. */
export type MonacoCompilerOptions = Omit<LearnerCompilerOptions, Converted> & {
  target: number;
  module: number;
  moduleResolution: number;
  lib: string[];
  types: string[];
};

export function toMonacoCompilerOptions(options: LearnerCompilerOptions): MonacoCompilerOptions {
  return {
    ...options,
    target: SCRIPT_TARGET[options.target],
    module: MODULE_KIND[options.module],
    moduleResolution: MODULE_RESOLUTION[options.moduleResolution],
    // A program takes lib file names; Monaco's worker serves them from its bundled lib map.
    lib: options.lib.map((name) => `lib.${name.toLowerCase()}.d.ts`),
    types: [...options.types],
  };
}
