/**
 * The one place that imports Monaco: the editor API, the editor features the kata uses, TypeScript's syntax
 * highlighting and TypeScript's language service, but none of the 80-odd other languages, their workers or
 * the LSP client that the package's main entry brings.
 *
 * Paths follow the package's `exports` map (`monaco-editor/<x>` is `esm/vs/<x>.js`).
 */
import * as monaco from 'monaco-editor/editor/editor.api';
// An editor instantiates the features registered when it is created, so they must be here before it is.
// Not `features/register.all`: it adds inline completions, colour picker, code lens, linked editing, GPU
// rendering and more that a TypeScript kata never shows (build/monaco-features-plugin.ts keeps the language
// service from importing them all back).
// Typing, moving and selecting: cursor and word commands, lines, multi-cursor, comments, clipboard, drag and
// drop, indentation, bracket matching, folding, expand selection, Ctrl+U, Ctrl+L.
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/features/codeEditor/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/dnd/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/lineSelection/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/stickyScroll/register';
import 'monaco-editor/features/unicodeHighlighter/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/find/register';
// What TypeScript's language service answers: completions (with their snippets), hovers, signatures,
// markers and F8 between them, quick fixes, rename, format, go to definition and references.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/parameterHints/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/editor/contrib/gotoError/browser/markerSelectionStatus';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/rename/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands';
import 'monaco-editor/features/gotoSymbol/register';
import 'monaco-editor/features/referenceSearch/register';
// The diff editor of "Compare with the reference" (src/ui/diff/), its accessible diff viewer (F7) included.
import 'monaco-editor/features/diffEditor/register';
// Keyboard and accessibility: F1's command list, Ctrl+G, Ctrl+M (Tab moves the focus), the iPad keyboard.
import 'monaco-editor/features/quickCommand/register';
import 'monaco-editor/features/quickHelp/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/iPadShowKeyboard/register';
import 'monaco-editor/editor/common/standaloneStrings';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/languages/definitions/typescript/register';
import * as typescript from 'monaco-editor/languages/features/typescript/register';

export { monaco, typescript };
