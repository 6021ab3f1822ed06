/** What this replica last knew about a SKU that could not serve an order. */
export interface SoldOutFlag {
  /** Units available when the shortage was seen. */
  readonly available: number;
  /** When it was seen or last confirmed (ms, from the clock given to the flags). */
  readonly checkedAt: number;
}

/**
 * The sold-out fast path's memory: per SKU, the units left when an order found too few.
 * While a flag is fresh, orders asking for more than that are answered 409 with no lock and
 * no database read. Answers from here only refuse, so they can never oversell; a flag is
 * trusted for at most `recheckMs`, which bounds how long units released by another replica
 * stay unoffered here.
 *
 * Releases through this replica clear the flag at once: every fenced stock write here calls
 * {@link stockWritten} (under the lock, before its commit), which drops a flag that knew fewer
 * units and bumps the SKU's write epoch. A lock-free read reports with the epoch it started
 * in ({@link observed}) and is ignored if a write happened meanwhile, so a read that raced a
 * release cannot bring the flag back. (A read that starts after the bump but before the
 * releaser's commit still can; that window is a few ms and the flag still ends after
 * `recheckMs`.)
 */
export class SoldOutFlags {
  private readonly flags = new Map<string, SoldOutFlag>();
  private readonly writeEpochs = new Map<string, number>();

  /**
   * @param recheckMs how long a flag answers on its own before the database is read again
   * @param now the clock (tests pass a fake one)
   */
  constructor(
    private readonly recheckMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The units known available when a fresh flag says `quantity` cannot be had; else undefined. */
  knownShort(sku: string, quantity: number): number | undefined {
    const flag = this.flags.get(sku);
    if (!flag || this.now() - flag.checkedAt >= this.recheckMs) return undefined;
    return quantity > flag.available ? flag.available : undefined;
  }

  /** Call right before a lock-free read of the SKU; hand the result to {@link observed}. */
  epoch(sku: string): number {
    return this.writeEpochs.get(sku) ?? 0;
  }

  /** A read under the SKU lock found only `available` units, too few for an order. */
  markShort(sku: string, available: number): void {
    this.flags.set(sku, { available, checkedAt: this.now() });
  }

  /**
   * A lock-free read begun at `epoch` found `available` units for an order of `quantity`:
   * flags (or re-confirms) the SKU if that is too few, else drops its flag. Ignored when this
   * replica wrote the SKU's stock since `epoch`.
   */
  observed(sku: string, epoch: number, available: number, quantity: number): void {
    if (this.epoch(sku) !== epoch) return;
    if (available < quantity) this.markShort(sku, available);
    else this.flags.delete(sku);
  }

  /** This replica wrote the SKU's stock: a flag that knew fewer units than now is dropped. */
  stockWritten(sku: string, available: number): void {
    this.writeEpochs.set(sku, this.epoch(sku) + 1);
    const flag = this.flags.get(sku);
    if (flag && available > flag.available) this.flags.delete(sku);
  }
}
