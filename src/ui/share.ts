/**
 * Share links: the learner's code, compressed with lz-string into the problem's URL fragment, as the
 * TypeScript Playground does, so a link pasted in a forum or a chat opens the problem with that code. The
 * link is the page's own URL with a new fragment: it works from whatever host and sub-path served the page.
 *
 * lz-string does not notice damage: a changed character mostly decompresses to other text, and a link cut
 * one character short often still decompresses whole. The link therefore carries a checksum of the code, so a
 * link changed on its way is refused rather than opened as someone else's garbled code.
 */
import lz from 'lz-string';
import { routeOf, shareHrefOf, sharePayloadOf, type SharePayload } from './route.ts';
import { fnv1a } from './state/storage.ts';

/**
 * The longest compressed code a link carries, in URL characters. About 16 KB of kata code (lz-string saves
 * little on short sources: the sqrt solution's 813 characters take 780). It also bounds the work of opening
 * a hostile link: lz-string can expand its input about 2000-fold, and 16,384 characters of it decompress in
 * about 100 ms (measured in Node) before the size check below refuses the result.
 */
export const SHARE_PAYLOAD_MAX_CHARS = 16_384;

/** The most code a link may open, in UTF-16 code units: a kata solution is a few thousand. */
export const SHARED_CODE_MAX_CHARS = 64 * 1024;

export type ShareLink =
  | { readonly ok: true; readonly href: string; readonly payloadChars: number }
  | { readonly ok: false; readonly reason: 'too-long'; readonly payloadChars: number };

/** The checksum a link carries: FNV-1a of the code, in hex. It detects damage; it is not a secret. */
export function shareCheckOf(code: string): string {
  return fnv1a(code);
}

/**
 * The link that opens problem `slug` with `code`: `pageHref` with its fragment replaced, its path and query
 * kept (a static host may serve the course from any sub-path). Refused when the code is too long for a link.
 */
export function shareLinkOf(pageHref: string, slug: string, code: string): ShareLink {
  const payload = lz.compressToEncodedURIComponent(code);
  if (payload.length > SHARE_PAYLOAD_MAX_CHARS) return { ok: false, reason: 'too-long', payloadChars: payload.length };
  const url = new URL(pageHref);
  url.hash = shareHrefOf(slug, { code: payload, check: shareCheckOf(code) });
  return { ok: true, href: url.href, payloadChars: payload.length };
}

export type SharedCode =
  | { readonly ok: true; readonly code: string }
  | {
      readonly ok: false;
      /**
       * too-long: the link carries more than SHARE_PAYLOAD_MAX_CHARS; damaged: it does not decompress, or not
       * to the code its checksum names; not-text: it decompresses to control characters or broken UTF-16;
       * too-large: to more than SHARED_CODE_MAX_CHARS.
       */
      readonly reason: 'too-long' | 'damaged' | 'not-text' | 'too-large';
    };

/** Control characters other than tab, line feed and carriage return: no source file has them. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** A lone half of a surrogate pair: what random bits decompress to, never text. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The code a link carries, or why it cannot be opened. Never throws, whatever the link holds. */
export function decodeSharedCode(payload: SharePayload): SharedCode {
  if (payload.code.length > SHARE_PAYLOAD_MAX_CHARS) return { ok: false, reason: 'too-long' };
  let code: string | null;
  try {
    code = lz.decompressFromEncodedURIComponent(payload.code);
  } catch {
    code = null;
  }
  if (code === null || code === '') return { ok: false, reason: 'damaged' };
  if (code.length > SHARED_CODE_MAX_CHARS) return { ok: false, reason: 'too-large' };
  if (CONTROL_CHARACTERS.test(code) || LONE_SURROGATE.test(code)) return { ok: false, reason: 'not-text' };
  if (payload.check === null || payload.check.toLowerCase() !== shareCheckOf(code)) return { ok: false, reason: 'damaged' };
  return { ok: true, code };
}

/** The shared code in a page's fragment for problem `slug`: null when the fragment carries none, or is another problem's. */
export function sharedCodeIn(hash: string, slug: string): SharedCode | null {
  const route = routeOf(hash);
  if (route?.kind !== 'problem' || route.slug !== slug) return null;
  const payload = sharePayloadOf(hash);
  return payload === null ? null : decodeSharedCode(payload);
}

/**
 * What opening a link does, by what the editor holds: nothing when it is the shared code already; the shared
 * code at once when it is the untouched starter (there is nothing of the learner's to lose, and they followed
 * the link to see that code); otherwise the learner is asked, and their code is kept as a version first.
 */
export function shareArrival(current: string, starter: string, shared: string): 'same' | 'open' | 'ask' {
  if (current === shared) return 'same';
  if (current === starter) return 'open';
  return 'ask';
}

/** Why a link was refused, in the learner's words: what happened, and that nothing changed. */
export function refusalMessage(reason: Exclude<SharedCode, { ok: true }>['reason']): string {
  const unchanged = 'Nothing was opened; your code is unchanged.';
  switch (reason) {
    case 'too-long':
      return `This share link is too long: a link holds at most ${SHARE_PAYLOAD_MAX_CHARS.toLocaleString('en')} characters of code. ${unchanged}`;
    case 'damaged':
      return `This share link is damaged: it was probably cut short or changed on its way. Ask for the link again. ${unchanged}`;
    case 'not-text':
      return `This share link does not hold readable code. Ask for the link again. ${unchanged}`;
    case 'too-large':
      return `This share link holds more than ${SHARED_CODE_MAX_CHARS.toLocaleString('en')} characters, too much for a kata solution. ${unchanged}`;
  }
}
