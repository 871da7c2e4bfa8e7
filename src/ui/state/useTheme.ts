import { useCallback, useEffect, useState } from 'react';
import { useMediaQuery } from './useMediaQuery.ts';

export type Theme = 'light' | 'dark';
export type ThemePreference = Theme | 'system';

const THEME_KEY = 'implicit-kata:theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

function readPreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(THEME_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

export type ThemeState = { theme: Theme; preference: ThemePreference; setPreference(next: ThemePreference): void };

/** The theme in force: the learner's choice, or the system's while they have made none. */
export function useTheme(): ThemeState {
  const [preference, setPreferenceState] = useState<ThemePreference>(readPreference);
  const systemDark = useMediaQuery(DARK_QUERY);
  const theme: Theme = preference === 'system' ? (systemDark ? 'dark' : 'light') : preference;

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
