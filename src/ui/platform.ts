/** Apple keyboards say ⌘ where others say Ctrl; the shortcut itself is Ctrl/Cmd+Enter everywhere. */
export function isApplePlatform(): boolean {
  const platform =
    (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform;
  return /mac|iphone|ipad/i.test(platform);
}

export const RUN_SHORTCUT_LABEL = typeof navigator !== 'undefined' && isApplePlatform() ? '⌘ Enter' : 'Ctrl Enter';
