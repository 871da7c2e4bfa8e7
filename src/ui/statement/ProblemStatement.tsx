import { useId } from 'react';
import 'katex/dist/katex.min.css';
import './statement.css';

export interface ProblemStatementProps {
  /** HTML rendered at build time from the problem's `statement.md` (see build/markdown-plugin.ts). */
  html: string;
  title: string;
}

export function ProblemStatement({ html, title }: ProblemStatementProps) {
  const titleId = useId();
  return (
    <article className="statement" aria-labelledby={titleId}>
      <h1 id={titleId} className="statement__title">
        {title}
      </h1>
      {/* Safe to inject: this HTML was produced at build time from Markdown in this repository, with raw
          HTML disabled and the result sanitized before KaTeX and Shiki added their own markup. */}
      <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  );
}
