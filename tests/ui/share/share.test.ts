import { readFileSync } from 'node:fs';
import lz from 'lz-string';
import { describe, expect, it } from 'vitest';
import { sharePayloadOf } from '../../../src/ui/route.ts';
import {
  decodeSharedCode,
  refusalMessage,
  SHARE_PAYLOAD_MAX_CHARS,
  shareArrival,
  shareCheckOf,
  SHARED_CODE_MAX_CHARS,
  sharedCodeIn,
  shareLinkOf,
} from '../../../src/ui/share.ts';

const solution = readFileSync(new URL('../../../src/problems/fixed-point-sqrt/solution.ts', import.meta.url), 'utf8');
const starter = readFileSync(new URL('../../../src/problems/fixed-point-sqrt/starter.ts', import.meta.url), 'utf8');
const PAGE = 'https://example.edu/course/a/index.html?section=2#/fixed-point-sqrt';

function linkOf(code: string, page = PAGE): string {
  const link = shareLinkOf(page, 'fixed-point-sqrt', code);
  if (!link.ok) throw new Error('no link');
  return link.href;
}
const hashOf = (href: string) => new URL(href).hash;

describe('a share link', () => {
  it("is the page's own URL, path and query kept, with the code in the problem's fragment", () => {
    const href = linkOf(solution);
    const url = new URL(href);
    expect(`${url.origin}${url.pathname}${url.search}`).toBe('https://example.edu/course/a/index.html?section=2');
    expect(url.hash.startsWith('#/fixed-point-sqrt?code=')).toBe(true);
    expect(sharedCodeIn(url.hash, 'fixed-point-sqrt')).toEqual({ ok: true, code: solution });
    // Any host, any sub-path.
    expect(new URL(linkOf(solution, 'http://127.0.0.1:4173/#/')).pathname).toBe('/');
    expect(sharedCodeIn(hashOf(linkOf(starter, 'http://127.0.0.1:4173/x/y/')), 'fixed-point-sqrt')).toEqual({ ok: true, code: starter });
  });

  it('round-trips any text: Unicode, astral characters, CRLF, tabs', () => {
    const code = 'const π = "√2 ≈ 1.414 🧮";\r\n\tconsole.log(π);\n// naïve café\n';
    expect(sharedCodeIn(hashOf(linkOf(code)), 'fixed-point-sqrt')).toEqual({ ok: true, code });
  });

  it('is refused to code too long for a link, with how long it is', () => {
    // Random digits barely compress: the payload outgrows the cap.
    let digits = '';
    for (let i = 0; digits.length < SHARE_PAYLOAD_MAX_CHARS * 2; i++) digits += ((i * 7919) % 1000003).toString(36);
    const link = shareLinkOf(PAGE, 'fixed-point-sqrt', digits);
    expect(link.ok).toBe(false);
    expect(link.payloadChars).toBeGreaterThan(SHARE_PAYLOAD_MAX_CHARS);
  });

  it("belongs to its own problem: another problem's workspace ignores it", () => {
    expect(sharedCodeIn(hashOf(linkOf(solution)), 'deq-layer')).toBeNull();
    expect(sharedCodeIn('#/fixed-point-sqrt', 'fixed-point-sqrt')).toBeNull();
  });
});

describe('opening a share link', () => {
  const payloadOf = (code: string) => {
    const payload = sharePayloadOf(hashOf(linkOf(code)));
    if (!payload) throw new Error('no payload');
    return payload;
  };

  it('refuses a payload over the limit before decompressing it', () => {
    const payload = { code: 'A'.repeat(SHARE_PAYLOAD_MAX_CHARS + 1), check: '0' };
    expect(decodeSharedCode(payload)).toEqual({ ok: false, reason: 'too-long' });
  });

  it('refuses a link cut short, which lz-string alone often reads as other text', () => {
    const payload = payloadOf(solution);
    for (const cut of [5, 40, Math.floor(payload.code.length / 2)]) {
      const damaged = { ...payload, code: payload.code.slice(0, payload.code.length - cut) };
      expect(decodeSharedCode(damaged), `cut by ${cut}`).toEqual({ ok: false, reason: 'damaged' });
    }
    // Here its last character holds only padding bits: without it the code is whole, and opening it is right.
    expect(decodeSharedCode({ ...payload, code: payload.code.slice(0, -1) })).toEqual({ ok: true, code: solution });
  });

  it('refuses every one-character change of the payload', () => {
    const payload = payloadOf(solution);
    const outcomes = new Set<string>();
    for (let at = 0; at < payload.code.length; at += 7) {
      const swapped = payload.code[at] === 'A' ? 'B' : 'A';
      const result = decodeSharedCode({ ...payload, code: payload.code.slice(0, at) + swapped + payload.code.slice(at + 1) });
      expect(result.ok, `a change at ${at}`).toBe(false);
      if (!result.ok) outcomes.add(result.reason);
    }
    expect([...outcomes].every((reason) => reason === 'damaged' || reason === 'not-text')).toBe(true);
  });

  it('refuses junk, a missing or wrong check, and an empty payload', () => {
    expect(decodeSharedCode({ code: 'hello-world', check: '0' }).ok).toBe(false);
    expect(decodeSharedCode({ code: '%%%', check: '0' }).ok).toBe(false);
    expect(decodeSharedCode({ code: '', check: shareCheckOf('') })).toEqual({ ok: false, reason: 'damaged' });
    const payload = payloadOf(solution);
    expect(decodeSharedCode({ ...payload, check: null })).toEqual({ ok: false, reason: 'damaged' });
    expect(decodeSharedCode({ ...payload, check: 'deadbeef' })).toEqual({ ok: false, reason: 'damaged' });
    // The check is hex: its case does not matter.
    expect(decodeSharedCode({ ...payload, check: payload.check?.toUpperCase() ?? null })).toEqual({ ok: true, code: solution });
  });

  it('refuses what decompresses to something that is not text of a sane size', () => {
    const encode = (code: string) => ({ code: lz.compressToEncodedURIComponent(code), check: shareCheckOf(code) });
    expect(decodeSharedCode(encode('export const x = 1;\u0000\u0001'))).toEqual({ ok: false, reason: 'not-text' });
    expect(decodeSharedCode(encode('lone \ud800 surrogate'))).toEqual({ ok: false, reason: 'not-text' });
    // A run of one character compresses hundreds-fold: a short link, a text too large to be a kata's code.
    const bomb = encode('a'.repeat(SHARED_CODE_MAX_CHARS + 1));
    expect(bomb.code.length).toBeLessThan(SHARE_PAYLOAD_MAX_CHARS / 10);
    expect(decodeSharedCode(bomb)).toEqual({ ok: false, reason: 'too-large' });
    expect(decodeSharedCode(encode('a'.repeat(SHARED_CODE_MAX_CHARS)))).toMatchObject({ ok: true });
  });

  it('says why a link was refused, and that nothing changed', () => {
    for (const reason of ['too-long', 'damaged', 'not-text', 'too-large'] as const) {
      expect(refusalMessage(reason)).toMatch(/Nothing was opened; your code is unchanged\.$/);
    }
    expect(refusalMessage('too-long')).toContain('16,384');
  });
});

describe('what a link does on arrival', () => {
  const mine = `${starter}\n// my own attempt\n`;
  it("asks before replacing code of the learner's own", () => {
    expect(shareArrival(mine, starter, solution)).toBe('ask');
  });
  it('opens at once over the untouched starter: there is nothing to lose', () => {
    expect(shareArrival(starter, starter, solution)).toBe('open');
  });
  it('does nothing when the editor holds the shared code already, even if that is the starter', () => {
    expect(shareArrival(solution, starter, solution)).toBe('same');
    expect(shareArrival(starter, starter, starter)).toBe('same');
  });
});
