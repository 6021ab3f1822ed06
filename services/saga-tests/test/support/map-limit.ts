/**
 * Runs `work(index)` for every index below `count` with at most `limit` in flight, and
 * resolves with the results in index order. A rejection stops new work and is rethrown.
 */
export async function mapLimit<T>(
  count: number,
  limit: number,
  work: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
  return results;
}
