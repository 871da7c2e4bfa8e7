import { useEffect, useRef } from 'react';
import { hrefOf, INDEX_ROUTE } from '../route.ts';
import './course.css';

export type NoSuchProblemProps = {
  slug: string;
  /** The learner followed a link within the page: the heading takes the focus, so the news is read out. */
  focusHeading: boolean;
};

/** A problem URL that names no problem of this course: a mistyped link, or a problem since taken out. */
export function NoSuchProblem({ slug, focusHeading }: NoSuchProblemProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusHeading) heading.current?.focus();
  }, [focusHeading]);
  return (
    <main className="course-index course-index--missing">
      <div className="course-index__inner">
        <h1 className="course-index__title" ref={heading} tabIndex={-1}>
          No such problem
        </h1>
        <p className="course-missing__text">
          This course has no problem called <code className="course-missing__slug">{slug}</code>. The link may be
          mistyped, or the problem may have been taken out of the course.
        </p>
        <p>
          <a className="course-missing__link" href={hrefOf(INDEX_ROUTE)}>
            See all problems
          </a>
        </p>
      </div>
    </main>
  );
}
