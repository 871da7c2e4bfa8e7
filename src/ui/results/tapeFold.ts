/**
 * Folds a tape's operation names into repeats, so that 91 nodes of an unrolled loop read as one step
 * "× 10" and not as 91 lines. Pure: the results view draws what this returns.
 */

export type TapeItem =
  | { readonly kind: 'operation'; readonly name: string }
  /** `body` run `times` times in a row (itself folded: a step's two kept copies are `Identity × 2`). */
  | { readonly kind: 'repeat'; readonly times: number; readonly body: readonly TapeItem[]; readonly length: number };

type Run = { readonly period: number; readonly times: number };

/**
 * The longest stretch from `start` that is one block repeated at least twice: the block and how many
 * times. Longest by names covered; between equal stretches the shortest block ("A × 4", not "A A × 2").
 */
function longestRun(names: readonly string[], start: number): Run | null {
  let best: Run | null = null;
  const remaining = names.length - start;
  for (let period = 1; period * 2 <= remaining; period++) {
    let times = 1;
    while (start + (times + 1) * period <= names.length && sameBlock(names, start, start + times * period, period)) times++;
    if (times >= 2 && (best === null || period * times > best.period * best.times)) best = { period, times };
  }
  return best;
}

function sameBlock(names: readonly string[], first: number, second: number, length: number): boolean {
  for (let offset = 0; offset < length; offset++) if (names[first + offset] !== names[second + offset]) return false;
  return true;
}

const covered = (run: Run | null) => (run ? run.period * run.times : 0);

/**
 * Left to right, each repeat taken as long as it goes; a name is left on its own when the repeat starting
 * just after it covers more (in `A A B A B A B`, `A` then `A B × 3`, not `A × 2` then `B A × 2` then `B`).
 */
export function foldTape(names: readonly string[]): TapeItem[] {
  const items: TapeItem[] = [];
  let index = 0;
  let next = names.length > 0 ? longestRun(names, 0) : null;
  while (index < names.length) {
    const here = next;
    next = index + 1 < names.length ? longestRun(names, index + 1) : null;
    if (here === null || covered(next) > covered(here)) {
      items.push({ kind: 'operation', name: names[index]! });
      index++;
      continue;
    }
    const length = here.period * here.times;
    items.push({ kind: 'repeat', times: here.times, body: foldTape(names.slice(index, index + here.period)), length });
    index += length;
    next = index < names.length ? longestRun(names, index) : null;
  }
  return items;
}

/** The names an item stands for: 1 for an operation, the block's length times the count for a repeat. */
export function itemLength(item: TapeItem): number {
  return item.kind === 'operation' ? 1 : item.length;
}

/** A folded list in one line of text: `OnesLike, (Identity × 2, RealDiv) × 10`. */
export function foldedText(items: readonly TapeItem[]): string {
  return items
    .map((item) => {
      if (item.kind === 'operation') return item.name;
      const single = item.body.length === 1 && item.body[0]?.kind === 'operation';
      return single ? `${foldedText(item.body)} × ${item.times}` : `(${foldedText(item.body)}) × ${item.times}`;
    })
    .join(', ');
}
