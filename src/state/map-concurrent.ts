/**
 * Applies `fn` to every item with at most `limit` calls in flight and returns
 * the results in input order. Rejects with the first error (after the calls
 * already started have settled), so callers that must not stop on one failure
 * catch inside `fn` and return the failure as data.
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`Expected \`limit\` to be a positive integer, got \`${limit}\` (${typeof limit})`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
