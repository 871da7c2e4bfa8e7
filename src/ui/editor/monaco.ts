/**
 * The one place that imports Monaco. Only the editor API, TypeScript's syntax highlighting and TypeScript's
 * language service are pulled in, not the 80-odd other languages of `monaco-editor`'s main entry.
 * (The TypeScript language service itself imports the editor contributions: hover, suggest, markers...)
 *
 * Paths follow the package's `exports` map (`monaco-editor/<x>` is `esm/vs/<x>.js`).
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/typescript/register';
import * as typescript from 'monaco-editor/languages/features/typescript/register';

// Hand @monaco-editor/react this bundled copy; without it the loader fetches Monaco from a CDN.
loader.config({ monaco });

export { monaco, typescript };
