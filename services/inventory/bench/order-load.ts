import { mintDevelopmentToken } from '@lockstep/service-kit';

/** What one load run measured. */
export interface LoadResult {
  /** Orders sent. */
  orders: number;
  /** 201s per second over the whole run. */
  acceptedPerSec: number;
  /** Latency percentiles of every answer, in ms. */
  p50: number;
  p99: number;
  /** Answers by `status[ code]`, e.g. `{"201": 2990, "429 SKU_BUSY": 10}`. */
  answers: Record<string, number>;
}

/** Distinct customers the load spreads its orders over, each with its own token and wallet. */
const benchCustomers = 1000;

/** The p-th percentile of sorted samples (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * Sends `orders` POST /orders with `inFlight` outstanding at all times, round-robin over the
 * replicas and the SKUs, and times each answer. Every answer counts (a 429 too), so a slow
 * mode cannot look fast by refusing.
 */
export async function runOrderLoad(options: {
  urls: string[];
  skus: string[];
  orders: number;
  inFlight: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const answers: Record<string, number> = {};
  // Signed before the clock starts: a client holds its token, it does not mint one per order.
  const tokens = await Promise.all(
    Array.from({ length: Math.min(options.orders, benchCustomers) }, (_, k) =>
      mintDevelopmentToken({ subject: `bench-${k}`, role: 'customer' }),
    ),
  );
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.orders) {
      const i = next++;
      const url = options.urls[i % options.urls.length];
      const sku = options.skus[i % options.skus.length];
      const customer = i % tokens.length;
      const t0 = performance.now();
      const response = await fetch(`${url}/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${tokens[customer]}`,
        },
        body: JSON.stringify({
          sku,
          quantity: 1,
          walletId: `bench-wallet-${customer}`,
          deliverTo: { lat: 12.9, lng: 77.6 },
        }),
      });
      const text = await response.text();
      latencies.push(performance.now() - t0);
      const code = response.status === 201 ? '' : ` ${JSON.parse(text)?.error?.code ?? ''}`;
      const key = `${response.status}${code}`;
      answers[key] = (answers[key] ?? 0) + 1;
      if (response.status === 201) accepted++;
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    orders: options.orders,
    acceptedPerSec: accepted / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    answers,
  };
}
