import type { Ref } from 'react';
import { hrefOf, INDEX_ROUTE } from './route.ts';
import type { ThemePreference } from './state/useTheme.ts';

export type TopBarProps = {
  courseTitle: string;
  /** The page's <h1> on a problem; null on the index and the other course pages, which hold their own. */
  problemTitle: string | null;
  /** On the index itself: the course's link is the current page. */
  onIndex: boolean;
  solved: boolean;
  themePreference: ThemePreference;
  onThemePreference(next: ThemePreference): void;
  /** The problem's heading, which takes the focus when the learner arrives from another page of the course. */
  headingRef?: Ref<HTMLHeadingElement>;
};

const THEME_CHOICES: readonly { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** A breadcrumb, the course's title leading back to its index, then the problem's; and the theme. */
export function TopBar({ courseTitle, problemTitle, onIndex, solved, themePreference, onThemePreference, headingRef }: TopBarProps) {
  return (
    <header className="topbar">
      <a
        className="topbar__home"
        href={hrefOf(INDEX_ROUTE)}
        // Its visible words first (what a learner says to voice control), then where it leads.
        aria-label={`${courseTitle}: all problems`}
        aria-current={onIndex ? 'page' : undefined}
      >
        <span className="topbar__brand" aria-hidden="true">
          ∂
        </span>
        <span className="topbar__course">{courseTitle}</span>
      </a>
      {problemTitle !== null && (
        <div className="topbar__titles">
          <span className="topbar__separator" aria-hidden="true">
            /
          </span>
          <h1 className="topbar__problem" ref={headingRef} tabIndex={-1}>
            {problemTitle}
          </h1>
        </div>
      )}
      {solved && (
        <span className="solved-badge" data-solved="true">
          <span aria-hidden="true">✓</span>
          <span className="solved-badge__label"> Solved</span>
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
