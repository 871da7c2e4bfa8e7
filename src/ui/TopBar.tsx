import type { ThemePreference } from './state/useTheme.ts';

export type TopBarProps = {
  /** The course's, from its course file. */
  courseTitle: string;
  /** The problem's. */
  title: string;
  solved: boolean;
  themePreference: ThemePreference;
  onThemePreference(next: ThemePreference): void;
};

const THEME_CHOICES: readonly { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function TopBar({ courseTitle, title, solved, themePreference, onThemePreference }: TopBarProps) {
  return (
    <header className="topbar">
      <span className="topbar__brand" aria-hidden="true">
        ∂
      </span>
      <div className="topbar__titles">
        <span className="topbar__product">{courseTitle}</span>
        <h1 className="topbar__problem">{title}</h1>
      </div>
      {solved && (
        <span className="solved-badge" data-solved="true">
          ✓ Solved
        </span>
      )}
      <label className="theme-select">
        <span>Theme</span>
        <select aria-label="Theme" value={themePreference} onChange={(event) => onThemePreference(event.target.value as ThemePreference)}>
          {THEME_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
