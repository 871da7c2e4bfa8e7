import { describe, expect, it } from 'vitest';
import { decodeName, escapeJsonOutput, firstInvalidUtf8, visible } from '../../src/cli/escape.ts';

const HIDDEN = [
  ['\u0000', '\\u0000'],
  ['\u0007', '\\u0007'],
  ['\u001b', '\\u001B'],
  ['\u007f', '\\u007F'],
  ['\u0085', '\\u0085'],
  ['\u009b', '\\u009B'],
  ['\u061c', '\\u061C'],
  ['\u200e', '\\u200E'],
  ['\u200f', '\\u200F'],
  ['\u202a', '\\u202A'],
  ['\u202e', '\\u202E'],
  ['\u2066', '\\u2066'],
  ['\u2069', '\\u2069'],
  ['\u2028', '\\u2028'],
  ['\u2029', '\\u2029'],
  ['\ufffe', '\\uFFFE'],
  ['\uffff', '\\uFFFF'],
  ['\ud800', '\\uD800'],
  ['\udc00', '\\uDC00'],
] as const;

describe('visible', () => {
  it.each(HIDDEN)('shows %j as %s', (character, shown) => {
    expect(visible(`a${character}b`)).toBe(`a${shown}b`);
    expect(visible(`a${character}b`, { keepLineBreaks: true })).toBe(`a${shown}b`);
  });

  it('marks line breaks with ↵ on one line, or keeps them, and leaves tabs and ordinary text alone', () => {
    expect(visible('one\ntwo\r\nthree\rfour')).toBe('one ↵ two ↵ three ↵ four');
    expect(visible('one\ntwo\r\nthree', { keepLineBreaks: true })).toBe('one\ntwo\r\nthree');
    expect(visible('tab\there «é» 😀 ✓ \\u202E')).toBe('tab\there «é» 😀 ✓ \\u202E');
  });

  it('is idempotent: escaping escaped text changes nothing', () => {
    const once = visible('\u001b[2J\u202e\u2028\n');
    expect(visible(once)).toBe(once);
  });
});

describe('escapeJsonOutput', () => {
  it('escapes what JSON.stringify leaves raw, and parses back to the same value', () => {
    const value = { text: 'a\u007f\u0085\u202e\u2066\u2028\u2029\u061c\u200e\ufffe b\u001b "\\' };
    const json = escapeJsonOutput(JSON.stringify(value));
    expect(json).toBe('{"text":"a\\u007f\\u0085\\u202e\\u2066\\u2028\\u2029\\u061c\\u200e\\ufffe b\\u001b \\"\\\\"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('decodeName', () => {
  it('decodes UTF-8 and shows each byte that is not UTF-8 as \\xXX', () => {
    expect(decodeName(Buffer.from('café-😀.ts'))).toBe('café-😀.ts');
    expect(decodeName(Buffer.from([0x62, 0xff, 0x2e, 0x74, 0x73]))).toBe('b\\xFF.ts');
    // Latin-1 é, a lone continuation byte, an overlong '/', an encoded surrogate, a truncated sequence.
    expect(decodeName(Buffer.from([0xe9, 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xe2, 0x82]))).toBe(
      '\\xE9\\x80\\xC0\\xAF\\xED\\xA0\\x80\\xE2\\x82',
    );
    // Valid sequences around an invalid byte are kept.
    expect(decodeName(Buffer.concat([Buffer.from('é'), Buffer.from([0xff]), Buffer.from('€')]))).toBe('é\\xFF€');
  });
});

describe('firstInvalidUtf8', () => {
  it('finds the first byte that is not part of well-formed UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from('ascii, é, €, 😀'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]))).toBe(5);
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // past U+10FFFF
  });
});
