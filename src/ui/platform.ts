/** Apple keyboards say ⌘ where others say Ctrl; the shortcut itself is Ctrl/Cmd+Enter everywhere. */
export function isApplePlatform(): boolean {
  const platform =
    (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform;
  return /mac|iphone|ipad/i.test(platform);
}

const APPLE = typeof navigator !== 'undefined' && isApplePlatform();

export const RUN_SHORTCUT_LABEL = APPLE ? '⌘ Enter' : 'Ctrl Enter';
/** Monaco's "Tab moves focus" toggle, the way out of the editor's Tab trap for keyboard users. */
export const TAB_FOCUS_SHORTCUT_LABEL = APPLE ? '⌃ ⇧ M' : 'Ctrl M';
