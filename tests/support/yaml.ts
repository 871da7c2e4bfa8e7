/**
 * A strict reader for the small part of YAML that the repository's workflow files use: block maps, block
 * lists (of scalars or of maps), plain and quoted scalars, `|` literal blocks, comments. Every scalar is a
 * string. Anything else (flow collections, anchors, multi-document streams, tabs) throws, so that a test
 * never reads a file differently from how GitHub Actions would without saying so.
 */
export type YamlValue = string | YamlValue[] | { [key: string]: YamlValue };

type Line = { indent: number; text: string; number: number };

const KEY = /^([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: +(.*))?$/;

export function parseYaml(source: string): YamlValue {
  const raw = source.split('\n');
  const lines: (Line | null)[] = raw.map((line, index) => {
    if (line.includes('\t')) throw new Error(`line ${index + 1}: tabs are not YAML indentation`);
    const text = line.trimStart();
    if (text === '' || text.startsWith('#')) return null;
    return { indent: line.length - text.length, text: text.trimEnd(), number: index + 1 };
  });
  let position = 0;

  const peek = (): Line | null => {
    while (position < lines.length && lines[position] === null) position++;
    return lines[position] ?? null;
  };
  const fail = (line: Line | null, what: string): never => {
    throw new Error(`line ${line?.number ?? raw.length}: ${what}`);
  };

  const scalar = (text: string, line: Line): string => {
    if (text.startsWith("'")) {
      if (!text.endsWith("'") || text.length < 2) fail(line, 'unterminated single-quoted scalar');
      return text.slice(1, -1).replace(/''/g, "'");
    }
    if (text.startsWith('"')) {
      if (!text.endsWith('"') || text.length < 2) fail(line, 'unterminated double-quoted scalar');
      return text.slice(1, -1).replace(/\\(["\\])/g, '$1');
    }
    if (/^[[{&*!>%@`]/.test(text)) fail(line, `unsupported YAML: ${text}`);
    const comment = text.search(/ #/);
    return (comment < 0 ? text : text.slice(0, comment)).trimEnd();
  };

  /** The lines after a `key: |`, more indented than the key, their common indentation removed. */
  const literal = (parentIndent: number): string => {
    const collected: string[] = [];
    let blockIndent: number | null = null;
    let index = position;
    for (; index < raw.length; index++) {
      const line = raw[index] ?? '';
      const text = line.trimStart();
      if (text === '') {
        collected.push('');
        continue;
      }
      const indent = line.length - text.length;
      if (indent <= parentIndent) break;
      blockIndent ??= indent;
      if (indent < blockIndent) throw new Error(`line ${index + 1}: less indented than its literal block`);
      collected.push(line.slice(blockIndent).trimEnd());
    }
    position = index;
    while (collected.at(-1) === '') collected.pop();
    return `${collected.join('\n')}\n`;
  };

  const block = (parentIndent: number): YamlValue => {
    const next = peek();
    if (!next || next.indent < parentIndent) return fail(next, 'expected a nested block');
    return next.text === '-' || next.text.startsWith('- ') ? list(next.indent) : map(next.indent);
  };

  const valueAfterKey = (rest: string | undefined, line: Line): YamlValue => {
    if (rest === undefined || rest === '') {
      const next = peek();
      // A list may sit at its key's indentation; a map must be deeper.
      const isList = next !== null && (next.text === '-' || next.text.startsWith('- '));
      if (!next || next.indent < line.indent || (next.indent === line.indent && !isList)) return '';
      return block(line.indent);
    }
    if (rest === '|') return literal(line.indent);
    return scalar(rest, line);
  };

  const map = (indent: number): { [key: string]: YamlValue } => {
    const result: { [key: string]: YamlValue } = {};
    for (let line = peek(); line && line.indent === indent && !line.text.startsWith('- ') && line.text !== '-'; line = peek()) {
      const match = KEY.exec(line.text);
      if (!match) return fail(line, `expected "key: value", got ${line.text}`);
      const key = match[1] as string;
      if (key in result) fail(line, `duplicate key ${key}`);
      position++;
      result[key] = valueAfterKey(match[2], line);
    }
    const after = peek();
    if (after && after.indent > indent) fail(after, 'unexpected indentation');
    return result;
  };

  const list = (indent: number): YamlValue[] => {
    const result: YamlValue[] = [];
    for (let line = peek(); line && line.indent === indent && (line.text === '-' || line.text.startsWith('- ')); line = peek()) {
      const content = line.text === '-' ? '' : line.text.slice(2).trimStart();
      if (content === '') {
        position++;
        result.push(block(indent + 1));
      } else if (KEY.test(content)) {
        // `- key: value` opens a map whose keys line up with this first one.
        lines[position] = { indent: indent + (line.text.length - content.length), text: content, number: line.number };
        result.push(map(indent + (line.text.length - content.length)));
      } else {
        position++;
        result.push(scalar(content, line));
      }
    }
    return result;
  };

  const document = block(0);
  const rest = peek();
  if (rest) fail(rest, 'unexpected content after the document');
  return document;
}
