/**
 * A strict little XML parser for the subset the JUnit format writes (a prolog, elements, attributes, text,
 * the five named entities and character references): it throws on anything that is not well-formed XML 1.0,
 * including characters XML forbids, so that tests can check both the structure and the well-formedness.
 */
export type XmlElement = {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text, entities decoded. */
  readonly text: string;
};

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const FORBIDDEN_CHARACTER =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NAME = /[A-Za-z_][\w.-]*/y;
const SPACE = /\s*/y;

export function parseXml(xml: string): XmlElement {
  const forbidden = FORBIDDEN_CHARACTER.exec(xml);
  if (forbidden) throw new Error(`character U+${forbidden[0].charCodeAt(0).toString(16)} at ${forbidden.index} is not allowed in XML`);
  let position = 0;

  const fail = (what: string): never => {
    throw new Error(`${what} at ${position}: ${JSON.stringify(xml.slice(position, position + 40))}`);
  };
  const skipSpace = () => {
    SPACE.lastIndex = position;
    SPACE.exec(xml);
    position = SPACE.lastIndex;
  };
  const consume = (literal: string) => {
    if (!xml.startsWith(literal, position)) fail(`expected ${JSON.stringify(literal)}`);
    position += literal.length;
  };
  const name = (): string => {
    NAME.lastIndex = position;
    const match = NAME.exec(xml);
    if (!match) return fail('expected a name');
    position = NAME.lastIndex;
    return match[0];
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;]*);|&/g, (reference: string, body: string | undefined) => {
      if (body === undefined) return fail('a bare & in text');
      const named = NAMED_ENTITIES[body];
      if (named !== undefined) return named;
      const code = /^#x([0-9a-fA-F]+)$/.exec(body)?.[1] ?? /^#(\d+)$/.exec(body)?.[1];
      if (code === undefined) return fail(`unknown entity ${reference}`);
      const value = body.startsWith('#x') ? Number.parseInt(code, 16) : Number(code);
      const allowed =
        value === 0x9 || value === 0xa || value === 0xd || (value >= 0x20 && value <= 0xd7ff) ||
        (value >= 0xe000 && value <= 0xfffd) || (value >= 0x10000 && value <= 0x10ffff);
      if (!allowed) return fail(`character reference ${reference} is not allowed in XML`);
      return String.fromCodePoint(value);
    });

  const element = (): XmlElement => {
    consume('<');
    const elementName = name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = position;
      skipSpace();
      if (xml.startsWith('/>', position) || xml.startsWith('>', position)) break;
      if (position === before) fail('expected a space before an attribute');
      const attribute = name();
      if (attribute in attributes) fail(`duplicate attribute ${attribute}`);
      skipSpace();
      consume('=');
      skipSpace();
      const quote = xml[position];
      if (quote !== '"' && quote !== "'") return fail('expected a quoted attribute value');
      const end = xml.indexOf(quote, position + 1);
      if (end < 0) return fail('unterminated attribute value');
      const raw = xml.slice(position + 1, end);
      if (raw.includes('<')) fail('< in an attribute value');
      attributes[attribute] = decode(raw);
      position = end + 1;
    }
    if (xml.startsWith('/>', position)) {
      position += 2;
      return { name: elementName, attributes, children: [], text: '' };
    }
    consume('>');
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (xml.startsWith('</', position)) {
        position += 2;
        if (name() !== elementName) fail(`expected </${elementName}>`);
        skipSpace();
        consume('>');
        return { name: elementName, attributes, children, text };
      }
      if (xml.startsWith('<!', position) || xml.startsWith('<?', position)) fail('comments, CDATA and instructions are not expected');
      if (xml.startsWith('<', position)) {
        children.push(element());
        continue;
      }
      const end = xml.indexOf('<', position);
      if (end < 0) return fail(`unclosed <${elementName}>`);
      const raw = xml.slice(position, end);
      if (raw.includes(']]>')) fail(']]> in text');
      text += decode(raw);
      position = end;
    }
  };

  if (xml.startsWith('<?xml', position)) {
    const end = xml.indexOf('?>', position);
    if (end < 0) fail('unterminated prolog');
    position = end + 2;
  }
  skipSpace();
  const root = element();
  skipSpace();
  if (position !== xml.length) fail('content after the root element');
  return root;
}

/** Every descendant element named `name`, in document order. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...descendants(child, name)]);
}
