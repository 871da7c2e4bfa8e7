import { describe, expect, it } from 'vitest';
import { hrefOf, INDEX_ROUTE, routeOf } from '../../src/ui/route.ts';

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
