/** What the simulated bank does: how long it takes and how often it says no. */
export interface GatewaySettings {
  /** Milliseconds every authorisation takes, 0..10 000. */
  latencyMs: number;
  /** Share of authorisations declined, 0 (never) .. 1 (always). */
  failureRate: number;
}

/** What the bank answered. */
export type GatewayVerdict = 'approved' | 'declined';

/** Bounds the settings must stay in; checked here as well as at the HTTP edge. */
export const gatewayLimits = { maxLatencyMs: 10_000 } as const;

/**
 * A stand-in for a card network or bank: each authorisation waits `latencyMs` and is declined
 * with probability `failureRate`. Settings are plain process memory and change at run time
 * (PUT /gateway), so every replica has its own; change them on each replica.
 *
 * A real gateway takes an idempotency key (the payment id here) so that an authorisation
 * retried after a lost lease is not a second charge at the bank; the simulation keeps no
 * state, so a retry simply asks again.
 */
export class SimulatedGateway {
  private current: GatewaySettings;

  constructor(
    settings: GatewaySettings,
    private readonly random: () => number = Math.random,
  ) {
    this.current = SimulatedGateway.checked(settings);
  }

  /** The settings in force. */
  get settings(): GatewaySettings {
    return { ...this.current };
  }

  /** Replaces the settings; calls already waiting keep the latency they started with. */
  configure(settings: GatewaySettings): GatewaySettings {
    this.current = SimulatedGateway.checked(settings);
    return this.settings;
  }

  /**
   * Asks the bank to authorise a charge. `signal` (the wallet lease's) cuts the wait short:
   * the promise then rejects with the signal's reason and the verdict is never used.
   */
  async authorize(_paymentId: string, signal?: AbortSignal): Promise<GatewayVerdict> {
    const { latencyMs, failureRate } = this.current;
    await delay(latencyMs, signal);
    // `< failureRate` makes 0 never decline and 1 always decline (random() is in [0, 1)).
    return this.random() < failureRate ? 'declined' : 'approved';
  }

  private static checked(settings: GatewaySettings): GatewaySettings {
    const { latencyMs, failureRate } = settings;
    if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > gatewayLimits.maxLatencyMs) {
      throw new RangeError(
        `gateway latencyMs must be a whole number in 0..10000, got ${latencyMs}`,
      );
    }
    if (!Number.isFinite(failureRate) || failureRate < 0 || failureRate > 1) {
      throw new RangeError(`gateway failureRate must be in 0..1, got ${failureRate}`);
    }
    return { latencyMs, failureRate };
  }
}

/** Waits `ms`; rejects with the signal's reason as soon as it aborts. */
function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
