/**
 * `npm run grade -- <file-or-folder>... [options]`: the grader as the repository runs it (main.ts). npm runs
 * scripts in the package's root and says in INIT_CWD where the command was typed: relative paths are
 * relative to there.
 */
import { invocationDirectory } from './discover.ts';
import { start } from './main.ts';

start(process.argv.slice(2), invocationDirectory());
