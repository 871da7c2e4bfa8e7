/**
 * Maps `work` over `items` with at most `limit` calls in flight, keeping the results in the items' order.
 * `onSettled` hears the running count of finished items, for a progress line.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  onSettled: (finished: number) => void,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  let finished = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
      onSettled(++finished);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
