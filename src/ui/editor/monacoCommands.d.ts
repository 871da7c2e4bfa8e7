/**
 * Monaco's command registry, which the package ships without types. Features registered with
 * `registerAction2` (go to definition, quick fix, Ctrl+M) are commands there and never among an editor's
 * `getSupportedActions()`; the test hook lists both (testHook.ts).
 */
declare module 'monaco-editor/platform/commands/common/commands' {
  export const CommandsRegistry: { getCommands(): ReadonlyMap<string, unknown> };
}
