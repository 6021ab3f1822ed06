/**
 * One round of a sweep: `handle` each item in order until `term` aborts, and resolve with the
 * sum of what the items handled. An item that fails is reported to `onFailure` and left for
 * the next round, so one stuck item (a busy lock, a broken row) never holds up the others;
 * once `term` has fired, a failure is the term ending, not the item's, and is not reported.
 * Made for an {@link ElectedLoop}'s `round` (the hold sweepers).
 */
export async function sweepEach<T>(
  items: Iterable<T>,
  term: AbortSignal,
  handle: (item: T) => Promise<number>,
  onFailure: (error: unknown, item: T) => void,
): Promise<number> {
  let handled = 0;
  for (const item of items) {
    if (term.aborted) break;
    try {
      handled += await handle(item);
    } catch (error) {
      if (term.aborted) break;
      onFailure(error, item);
    }
  }
  return handled;
}
