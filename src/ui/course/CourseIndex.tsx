import { useEffect, useRef } from 'react';
import type { Difficulty } from '../../core/problem.ts';
import { hrefOf } from '../route.ts';
import { PROGRESS_LABEL, type ProgressState } from '../state/progress.ts';
import './course.css';

export type IndexEntry = {
  readonly slug: string;
  readonly title: string;
  readonly summary: string;
  readonly difficulty: Difficulty;
  readonly state: ProgressState;
};

export type CourseIndexProps = {
  courseTitle: string;
  /** In course order. */
  problems: readonly IndexEntry[];
  /**
   * Where the focus goes on mount: the problem's link the learner came back from, the heading after another
   * move within the course, or nowhere on a fresh load (the browser's own start is right then).
   */
  focus: { readonly slug: string } | 'heading' | null;
  /** The learner is about to open a problem (a pointer over a link, or the focus on one). */
  onIntent(): void;
};

const DIFFICULTY_LABEL: Record<Difficulty, string> = {
  introductory: 'Introductory',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
};

const STATE_ICON: Record<ProgressState, string> = { 'not-started': '○', attempted: '◐', solved: '✓' };

/** The course's problems in order, each with its summary, difficulty and how far the learner got. */
export function CourseIndex({ courseTitle, problems, focus, onIntent }: CourseIndexProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const solved = problems.filter((problem) => problem.state === 'solved').length;
  // The first problem not solved yet is the one to take up: the course's current step.
  const upNext = problems.find((problem) => problem.state !== 'solved')?.slug ?? null;

  useEffect(() => {
    if (focus === null) return;
    const link =
      focus === 'heading' ? null : list.current?.querySelector<HTMLAnchorElement>(`[data-slug="${CSS.escape(focus.slug)}"] a`);
    (link ?? heading.current)?.focus();
    // Only on arrival: a change of progress later must not pull the focus back.
  }, []);

  return (
    <main className="course-index">
      <div className="course-index__inner">
        <header className="course-index__header">
          <h1 className="course-index__title" ref={heading} tabIndex={-1}>
            {courseTitle}
          </h1>
          <p className="course-index__progress">
            {problems.length === 1 ? 'One problem' : `${problems.length} problems`}, {solved} solved
          </p>
          <div className="course-index__meter" aria-hidden="true">
            <div className="course-index__meter-fill" style={{ width: `${(100 * solved) / Math.max(1, problems.length)}%` }} />
          </div>
        </header>
        <ol className="course-index__list" ref={list} aria-label="Problems, in course order">
          {problems.map((problem, index) => (
            <li
              key={problem.slug}
              className="course-item"
              data-slug={problem.slug}
              data-state={problem.state}
              aria-current={problem.slug === upNext ? 'step' : undefined}
            >
              <span className="course-item__number" aria-hidden="true">
                {index + 1}
              </span>
              <div className="course-item__body">
                <h2 className="course-item__title">
                  <a
                    className="course-item__link"
                    href={hrefOf({ kind: 'problem', slug: problem.slug })}
                    onPointerEnter={onIntent}
                    onFocus={onIntent}
                  >
                    {problem.title}
                  </a>
                </h2>
                <p className="course-item__summary">{problem.summary}</p>
                <p className="course-item__tags">
                  <span className="course-tag" data-difficulty={problem.difficulty}>
                    <span className="course-tag__bars" aria-hidden="true">
                      <i />
                      <i />
                      <i />
                    </span>
                    <span className="visually-hidden">Difficulty: </span>
                    {DIFFICULTY_LABEL[problem.difficulty]}
                  </span>
                  <span className={`course-state course-state--${problem.state}`} data-progress={problem.state}>
                    <span className="course-state__icon" aria-hidden="true">
                      {STATE_ICON[problem.state]}
                    </span>
                    {PROGRESS_LABEL[problem.state]}
                  </span>
                  {problem.slug === upNext && <span className="course-item__next">Up next</span>}
                </p>
              </div>
            </li>
          ))}
        </ol>
      </div>
    </main>
  );
}
