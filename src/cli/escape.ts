/**
 * How the grader shows text it did not write (file names, the learner's messages and console) in a
 * terminal, a CI log or an XML document: every character that could act instead of being read is shown as
 * its code instead, so that only the grader's own words can clear a screen, rewrite a line, reorder what
 * follows it, or end a line.
 *
 * - control characters (C0 but tab and line breaks, DEL, C1), which start ANSI escape sequences;
 * - bidirectional controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), which reorder a line;
 * - U+2028 and U+2029, which some viewers and JavaScript treat as line breaks;
 * - what XML 1.0 forbids even as a reference: U+FFFE, U+FFFF and lone surrogates.
 *
 * Each becomes `\uXXXX` (upper-case hex): visible, unambiguous, and easy to look up. A byte of a file name
 * that is not UTF-8 is shown as `\xXX` by `decodeName`, so the two cannot be confused.
 */

const HIDDEN_CLASS =
  '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069\\uFFFE\\uFFFF';
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';

/** Everything `visible` escapes, but tab, line feed and carriage return. */
const HIDDEN = new RegExp(`[${HIDDEN_CLASS}]|${LONE_SURROGATE}`, 'g');
/** What `escapeJsonOutput` escapes: what JSON.stringify leaves raw of the above. */
const HIDDEN_IN_JSON = /[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/g;
const LINE_BREAK = /\r\n?|\n/g;
/** Shown where a line break was, in one-line mode. */
export const LINE_BREAK_MARK = ' ↵ ';

function codeOf(character: string): string {
  return character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
}

/**
 * `text` with every hidden character as `\uXXXX`. Line breaks become ` ↵ ` (one report line per learner
 * string, for text and progress lines), or stay as they are with `keepLineBreaks` (JUnit, whose XML writer
 * encodes them). Tabs stay: they move the cursor, nothing more.
 */
export function visible(text: string, { keepLineBreaks = false }: { readonly keepLineBreaks?: boolean } = {}): string {
  const escaped = text.replace(HIDDEN, (character) => `\\u${codeOf(character)}`);
  return keepLineBreaks ? escaped : escaped.replace(LINE_BREAK, LINE_BREAK_MARK);
}

/**
 * JSON.stringify's output with the characters it leaves raw (DEL and C1 controls, bidi controls, U+2028/9,
 * U+FFFE/F) written as `\uXXXX` escapes: the same document once parsed, but inert in a terminal or a log. It
 * already escapes C0 controls and lone surrogates. Safe on the whole document: these characters can only
 * occur inside its strings.
 */
export function escapeJsonOutput(json: string): string {
  return json.replace(HIDDEN_IN_JSON, (character) => `\\u${codeOf(character).toLowerCase()}`);
}

/**
 * The length of the well-formed UTF-8 sequence at `index` (1 to 4), or 0 when the byte there does not start
 * one: the WHATWG decoder's rules (no overlong forms, no surrogates, nothing past U+10FFFF).
 */
function sequenceLength(bytes: Uint8Array, index: number): number {
  const lead = bytes[index] ?? 0;
  const next = (offset: number, low = 0x80, high = 0xbf) => {
    const byte = bytes[index + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return next(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const low = lead === 0xe0 ? 0xa0 : 0x80;
    const high = lead === 0xed ? 0x9f : 0xbf;
    return next(1, low, high) && next(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf;
    return next(1, low, high) && next(2) && next(3) ? 4 : 0;
  }
  return 0;
}

/** The offset of the first byte that is not part of well-formed UTF-8, or -1 when all of them are. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; ) {
    const length = sequenceLength(bytes, index);
    if (length === 0) return index;
    index += length;
  }
  return -1;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A file name as the file system holds it (bytes, on Linux), as text: UTF-8 decoded, and each byte that is
 * not UTF-8 written `\xXX`, so that the name still says which file it is. Hidden characters stay as they
 * are here (a name is data); the formats make them visible.
 */
export function decodeName(bytes: Uint8Array): string {
  if (firstInvalidUtf8(bytes) < 0) return UTF8.decode(bytes);
  let name = '';
  for (let index = 0; index < bytes.length; ) {
    const length = sequenceLength(bytes, index);
    if (length === 0) {
      name += `\\x${(bytes[index] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
      index += 1;
    } else {
      name += UTF8.decode(bytes.subarray(index, index + length));
      index += length;
    }
  }
  return name;
}
