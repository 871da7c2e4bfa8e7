/**
 * The learner's theme preference as stored: pure, without React, so that the boot script can put the theme on
 * the page before its first paint (no light flash on a dark page) exactly as useTheme will.
 */
export type Theme = 'light' | 'dark';
export type ThemePreference = Theme | 'system';

export const THEME_KEY = 'implicit-kata:theme';
export const DARK_QUERY = '(prefers-color-scheme: dark)';

export function readPreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(THEME_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

/** The theme a preference puts in force, given whether the system is dark. */
export function themeOf(preference: ThemePreference, systemDark: boolean): Theme {
  return preference === 'system' ? (systemDark ? 'dark' : 'light') : preference;
}
