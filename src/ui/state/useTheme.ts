import { useCallback, useEffect, useState } from 'react';
import { useMediaQuery } from './useMediaQuery.ts';
import { DARK_QUERY, readPreference, THEME_KEY, themeOf, type Theme, type ThemePreference } from './theme-preference.ts';

export type { Theme, ThemePreference } from './theme-preference.ts';

export type ThemeState = { theme: Theme; preference: ThemePreference; setPreference(next: ThemePreference): void };

/** The theme in force: the learner's choice, or the system's while they have made none. */
export function useTheme(): ThemeState {
  const [preference, setPreferenceState] = useState<ThemePreference>(readPreference);
  const systemDark = useMediaQuery(DARK_QUERY);
  const theme: Theme = themeOf(preference, systemDark);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const setPreference = useCallback((next: ThemePreference) => {
    setPreferenceState(next);
    try {
      if (next === 'system') localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, next);
    } catch {
      // Not remembering a theme is harmless.
    }
  }, []);

  return { theme, preference, setPreference };
}
