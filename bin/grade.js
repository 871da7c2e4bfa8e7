#!/usr/bin/env node
// The package's command, `implicit-kata-grade <file-or-folder>... [options]` (`--help` for all of them).
// The grader is TypeScript, run as it is through tsx (a dependency), so the package ships no build of it.
// Relative paths are relative to the current directory, as for any command: unlike `npm run grade`, a bin
// run from another package's scripts should not read where npm was typed.
import { register } from 'tsx/esm/api';

// The grader's sources need no tsconfig: none is read, so the directory it runs in cannot change how they load.
register({ tsconfig: false });
const { start } = await import('../src/cli/main.ts');
start(process.argv.slice(2), process.cwd());
