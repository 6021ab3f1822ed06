/** One series of an instant query's answer. */
export interface PrometheusSample {
  labels: Record<string, string>;
  value: number;
}

/** One scrape target Prometheus knows of. */
export interface ScrapeTarget {
  /** Its labels after relabelling: `service`, `replica`, `run` for the lockstep replicas. */
  labels: Record<string, string>;
  /** The URL Prometheus scrapes (`http://127.0.0.1:41234/metrics`). */
  scrapeUrl: string;
  /** `up`, `down` or `unknown`. */
  health: string;
}

interface PrometheusAnswer<T> {
  status: 'success' | 'error';
  data: T;
  error?: string;
}

/**
 * The two calls of Prometheus's HTTP API the page needs: instant queries and the active
 * scrape targets. Every call is bounded in time and throws on any failure.
 */
export class PrometheusQuery {
  constructor(
    /** `http://host:9090`. */
    readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** The value of `expr` now, one sample per series. */
  async instant(expr: string): Promise<PrometheusSample[]> {
    const data = await this.get<{
      result: Array<{ metric: Record<string, string>; value: [number, string] }>;
    }>(`/api/v1/query?${new URLSearchParams({ query: expr })}`);
    return data.result.map((series) => ({
      labels: series.metric,
      value: Number(series.value[1]),
    }));
  }

  /** Every active scrape target. */
  async targets(): Promise<ScrapeTarget[]> {
    const data = await this.get<{ activeTargets: ScrapeTarget[] }>('/api/v1/targets?state=active');
    return data.activeTargets.map(({ labels, scrapeUrl, health }) => ({
      labels,
      scrapeUrl,
      health,
    }));
  }

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const answer = (await response.json()) as PrometheusAnswer<T>;
    if (!response.ok || answer.status !== 'success') {
      throw new Error(`Prometheus ${path} answered ${response.status}: ${answer.error ?? ''}`);
    }
    return answer.data;
  }
}
