/** A readiness probe: throws, rejects or returns `false` when its dependency cannot serve. */
export type ReadinessProbe = (signal: AbortSignal) => Promise<unknown> | unknown;

/** Where the service is in its life, as far as traffic is concerned. */
export type ReadinessPhase = 'starting' | 'serving' | 'draining';

/** The outcome of one probe. */
export interface CheckResult {
  /** Whether the probe passed within its timeout. */
  ok: boolean;
  /** How long the probe took (or until it timed out), in ms. */
  durationMs: number;
  /** Why it failed, when it did. */
  error?: string;
}

/** What `GET /readyz` returns. */
export interface ReadinessReport {
  /** True only while serving and every probe passed. */
  ready: boolean;
  /** The current phase; anything but `serving` is not ready. */
  phase: ReadinessPhase;
  /** Each probe's result by name (empty when not serving: probes are not run then). */
  checks: Record<string, CheckResult>;
  /** Names of the probes that failed. */
  failing: string[];
}

/**
 * Whether this replica should get traffic. Not ready until the runtime has started every
 * component, and not ready again from the first moment of shutdown, so load balancers move
 * traffic away before the server stops accepting it.
 */
export class Readiness {
  private current: ReadinessPhase = 'starting';
  private readonly probes = new Map<string, { probe: ReadinessProbe; timeoutMs: number }>();
  private readonly defaultTimeoutMs: number;

  constructor(options: { defaultTimeoutMs?: number } = {}) {
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 2_000;
  }

  /** The current phase. */
  get phase(): ReadinessPhase {
    return this.current;
  }

  /** Registers a probe; a name registered twice replaces the first. */
  add(name: string, probe: ReadinessProbe, options: { timeoutMs?: number } = {}): void {
    this.probes.set(name, { probe, timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs });
  }

  /** Every component is started: report ready when the probes pass. */
  markServing(): void {
    if (this.current === 'starting') this.current = 'serving';
  }

  /** Shutdown has begun: report not ready from now on, whatever the probes say. */
  markDraining(): void {
    this.current = 'draining';
  }

  /** Runs every probe in parallel, each bounded by its timeout. */
  async evaluate(): Promise<ReadinessReport> {
    if (this.current !== 'serving') {
      return { ready: false, phase: this.current, checks: {}, failing: [] };
    }
    const entries = await Promise.all(
      [...this.probes].map(
        async ([name, { probe, timeoutMs }]) => [name, await runProbe(probe, timeoutMs)] as const,
      ),
    );
    const checks = Object.fromEntries(entries);
    const failing = entries.filter(([, result]) => !result.ok).map(([name]) => name);
    // Shutdown may have begun while the probes ran; never answer "ready" after it has.
    const phase = this.current;
    return { ready: phase === 'serving' && failing.length === 0, phase, checks, failing };
  }
}

async function runProbe(probe: ReadinessProbe, timeoutMs: number): Promise<CheckResult> {
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, durationMs: elapsed(), error: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
  });
  const checked = (async (): Promise<CheckResult> => {
    try {
      const outcome = await probe(controller.signal);
      if (outcome === false) return { ok: false, durationMs: elapsed(), error: 'probe said no' };
      return { ok: true, durationMs: elapsed() };
    } catch (error) {
      return { ok: false, durationMs: elapsed(), error: errorText(error) };
    }
  })();
  try {
    return await Promise.race([checked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
