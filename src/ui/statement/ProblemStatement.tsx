import 'katex/dist/katex.min.css';
import './statement.css';

export interface ProblemStatementProps {
  /** HTML rendered at build time from the problem's `statement.md` (see build/markdown-plugin.ts). */
  html: string;
}

/** The statement's body; its title is the page's one `<h1>`, in the top bar. */
export function ProblemStatement({ html }: ProblemStatementProps) {
  return (
    <article className="statement" aria-label="Statement">
      {/* Safe to inject: this HTML was produced at build time from Markdown in this repository, with raw
          HTML disabled and the result sanitized before KaTeX and Shiki added their own markup. */}
      <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  );
}
