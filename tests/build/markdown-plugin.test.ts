import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { renderMarkdown } from '../../build/markdown-plugin.ts';
import statementViaPlugin from '../../src/problems/fixed-point-sqrt/statement.md';

const problemDir = new URL('../../src/problems/fixed-point-sqrt/', import.meta.url);
const readProblemFile = (name: string) => readFile(new URL(name, problemDir), 'utf8');

/** Occurrences of KaTeX's root element, i.e. rendered formulas. */
const countFormulas = (html: string) => html.match(/<span class="katex">/g)?.length ?? 0;

describe('renderMarkdown: math', () => {
  test('inline $...$ becomes KaTeX HTML with MathML for screen readers', async () => {
    const html = await renderMarkdown('Area $x^2$ here.');
    expect(html).toContain('<span class="katex">');
    expect(html).toContain('<math');
    expect(html).toContain('<span class="katex-html" aria-hidden="true">');
    expect(html).not.toContain('$x^2$');
    expect(html).not.toContain('katex-display');
  });

  test('$$...$$ becomes display math', async () => {
    const html = await renderMarkdown('$$\n\\frac{dy}{dx} = \\frac{0.5}{y^\\star}\n$$');
    expect(html).toContain('<span class="katex-display">');
    expect(html).toContain('display="block"');
    expect(html).toContain('mfrac');
  });

  test('uses the class names of the KaTeX stylesheet the page ships', async () => {
    const css = await readFile(new URL('../../node_modules/katex/dist/katex.min.css', import.meta.url), 'utf8');
    const html = await renderMarkdown('$$\n y_{k+1} = \\tfrac{1}{2}\\left(y_k + \\frac{x}{y_k}\\right)^2 \n$$');
    const classes = new Set([...html.matchAll(/class="([^"]*)"/g)].flatMap((match) => match[1]!.split(' ')));
    // Atom classes such as `mord` and `mrel` are semantic only; every other class needs a rule.
    const semantic = /^(?:m(?:ord|tight|rel|bin|open|close|inner|punct|op)|nobreak)$/;
    const unstyled = [...classes].filter((name) => !semantic.test(name) && !css.includes(`.${name}`));
    expect(classes).toContain('msupsub');
    expect(unstyled).toEqual([]);
  });

  test('punctuation after inline math stays on the formula\'s line', async () => {
    const html = await renderMarkdown('Ends with $x^2$. Then $y$ goes on.');
    expect(html).toMatch(/<span class="nowrap"><span class="katex">.*<\/span>\.<\/span> Then <span class="katex">/);
  });

  test('malformed math fails loudly instead of shipping an error box', async () => {
    await expect(renderMarkdown('$\\frac{1}{$')).rejects.toThrow(/KaTeX/);
  });
});

describe('renderMarkdown: sanitising', () => {
  test('drops raw <script>', async () => {
    const html = await renderMarkdown('Before\n\n<script>alert(1)</script>\n\nAfter');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('alert(1)');
    expect(html).toContain('After');
  });

  test('drops raw <img onerror>, inline or as a block', async () => {
    const html = await renderMarkdown('<img src="x" onerror="alert(1)">\n\nText <img src=x onerror=alert(1)> more');
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/onerror/i);
  });

  test('neutralises javascript: links and images, keeps ordinary links', async () => {
    const html = await renderMarkdown(
      '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) ![c](javascript:alert(1)) [d](https://example.org/)',
    );
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain('<a href="https://example.org/">d</a>');
  });

  test('KaTeX does not turn \\href into a javascript: link', async () => {
    const html = await renderMarkdown('$\\href{javascript:alert(1)}{x}$');
    expect(html).not.toMatch(/href="javascript:/i);
  });
});

describe('renderMarkdown: code blocks', () => {
  test('fenced TypeScript keeps <pre><code class="language-ts"> and gets two-theme token colours', async () => {
    const html = await renderMarkdown('```ts\nconst y: number = 1;\n```');
    expect(html).toMatch(/<pre[^>]*><code class="language-ts">/);
    expect(html).toContain('--shiki-light:');
    expect(html).toContain('--shiki-dark:');
  });

  test('an unknown language is left as plain, escaped code', async () => {
    const html = await renderMarkdown('```cobol\nDISPLAY "<b>".\n```');
    expect(html).toContain('<pre><code class="language-cobol">DISPLAY "&#x3C;b>".');
  });
});

describe('the fixed-point-sqrt statement', () => {
  test('renders its math, the customGrad API and the IFT gradient', async () => {
    const html = await renderMarkdown(await readProblemFile('statement.md'));
    expect(countFormulas(html)).toBeGreaterThanOrEqual(30);
    expect(html.match(/<span class="katex-display">/g)?.length).toBeGreaterThanOrEqual(6);
    expect(html).toContain('customGrad');
    expect(html).toContain('0.5');
    expect(html).toContain('<table tabindex="0">');
  });

  test('is what the Vite plugin serves for a plain .md import', async () => {
    expect(statementViaPlugin).toBe(await renderMarkdown(await readProblemFile('statement.md')));
  });

  test.each(['hint-1.md', 'hint-2.md', 'hint-3.md', 'hint-4.md'])('%s renders', async (name) => {
    const html = await renderMarkdown(await readProblemFile(name));
    expect(html.length).toBeGreaterThan(100);
  });
});
