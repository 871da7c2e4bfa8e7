import { describe, expect, it } from 'vitest';
import { hrefOf, INDEX_ROUTE, routeOf, shareHrefOf, sharePayloadOf, withoutSharePayload } from '../../src/ui/route.ts';

describe('the routes in the URL fragment', () => {
  it('reads the index from an empty fragment, a bare #, and #/', () => {
    for (const hash of ['', '#', '#/']) expect(routeOf(hash)).toEqual(INDEX_ROUTE);
  });

  it("reads a problem's slug, forgiving a trailing slash and reading escapes", () => {
    expect(routeOf('#/fixed-point-sqrt')).toEqual({ kind: 'problem', slug: 'fixed-point-sqrt' });
    expect(routeOf('#/fixed-point-sqrt/')).toEqual({ kind: 'problem', slug: 'fixed-point-sqrt' });
    expect(routeOf('#/caf%C3%A9')).toEqual({ kind: 'problem', slug: 'café' });
    // A malformed escape names no problem, and does not throw: the page then says there is none.
    expect(routeOf('#/%E0')).toEqual({ kind: 'problem', slug: '%E0' });
  });

  it('is not a route for an in-page anchor, such as the skip link or a footnote', () => {
    expect(routeOf('#editor')).toBeNull();
    expect(routeOf('#user-content-fn-1')).toBeNull();
  });

  it('writes the href each route is read back from', () => {
    expect(hrefOf(INDEX_ROUTE)).toBe('#/');
    expect(hrefOf({ kind: 'problem', slug: 'deq-layer' })).toBe('#/deq-layer');
    for (const route of [INDEX_ROUTE, { kind: 'problem', slug: 'ridge-hypergradient' } as const]) {
      expect(routeOf(hrefOf(route))).toEqual(route);
    }
  });
});

describe('shared code in a problem URL', () => {
  const shared = '#/fixed-point-sqrt?code=JYWwDg9g+TgF$-x&check=1a2b3c4d';

  it('is not part of the route: the problem is the same with or without it', () => {
    expect(routeOf(shared)).toEqual({ kind: 'problem', slug: 'fixed-point-sqrt' });
    expect(routeOf('#/fixed-point-sqrt/?code=abc')).toEqual({ kind: 'problem', slug: 'fixed-point-sqrt' });
    // An escaped question mark belongs to the slug, as before.
    expect(routeOf('#/what%3F')).toEqual({ kind: 'problem', slug: 'what?' });
    // A link for a problem the course lacks names that problem: the page says there is no such problem.
    expect(routeOf('#/no-such-kata?code=abc&check=0')).toEqual({ kind: 'problem', slug: 'no-such-kata' });
  });

  it('reads the code and its check as written, keeping lz-string\'s + and $ (URLSearchParams would not)', () => {
    expect(sharePayloadOf(shared)).toEqual({ code: 'JYWwDg9g+TgF$-x', check: '1a2b3c4d' });
    // A chat app that escaped `$` and `+` changes nothing.
    expect(sharePayloadOf('#/kata?code=a%24b%2Bc&check=ff')).toEqual({ code: 'a$b+c', check: 'ff' });
    // A malformed escape is kept as it is: the decoder refuses it, nothing throws.
    expect(sharePayloadOf('#/kata?code=ab%E0&check=ff')).toEqual({ code: 'ab%E0', check: 'ff' });
    expect(sharePayloadOf('#/kata?code=abc')).toEqual({ code: 'abc', check: null });
    expect(sharePayloadOf('#/kata?check=ff&code=abc&code=other')).toEqual({ code: 'abc', check: 'ff' });
  });

  it('is absent from old URLs, other queries and in-page anchors', () => {
    for (const hash of ['', '#/', '#/fixed-point-sqrt', '#/fixed-point-sqrt?', '#/kata?theme=dark', '#editor', '#code=abc']) {
      expect(sharePayloadOf(hash), hash).toBeNull();
    }
  });

  it('comes off the fragment, leaving the route and any other query', () => {
    expect(withoutSharePayload(shared)).toBe('#/fixed-point-sqrt');
    expect(withoutSharePayload('#/kata?x=1&code=abc&check=ff')).toBe('#/kata?x=1');
    expect(withoutSharePayload('#/kata')).toBe('#/kata');
    expect(withoutSharePayload('#editor')).toBe('#editor');
  });

  it('is written so that it reads back', () => {
    const href = shareHrefOf('deq-layer', { code: 'N4Ig+$-z', check: '0badf00d' });
    expect(href).toBe('#/deq-layer?code=N4Ig+$-z&check=0badf00d');
    expect(routeOf(href)).toEqual({ kind: 'problem', slug: 'deq-layer' });
    expect(sharePayloadOf(href)).toEqual({ code: 'N4Ig+$-z', check: '0badf00d' });
  });
});
