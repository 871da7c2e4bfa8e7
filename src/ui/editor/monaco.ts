/**
 * The one place that imports Monaco: the editor API, its editor features, TypeScript's syntax highlighting
 * and TypeScript's language service, but none of the 80-odd other languages, their workers or the LSP client
 * that the package's main entry brings.
 *
 * Paths follow the package's `exports` map (`monaco-editor/<x>` is `esm/vs/<x>.js`).
 */
import * as monaco from 'monaco-editor/editor/editor.api';
// Hover, suggest, markers, find...: an editor instantiates the features registered when it is created, so
// they must be here before it is. (The language service imports them too, but only once a model needs it.)
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/typescript/register';
import * as typescript from 'monaco-editor/languages/features/typescript/register';

export { monaco, typescript };
