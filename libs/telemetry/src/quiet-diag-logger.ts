import type { DiagLogger } from '@opentelemetry/api';

/** Longest diagnostic line written; an exporter error can carry a whole response body. */
const maxLineLength = 500;

/**
 * OpenTelemetry's internal logger for a service: errors only, one line each, and at most one
 * line per interval. An unreachable collector fails every batch export, every second; without
 * the limit that would bury the service's own logs. Suppressed errors are counted and the
 * count is reported with the next line that gets through.
 */
export class QuietDiagLogger implements DiagLogger {
  private lastWrittenAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  /**
   * @param write receives each line that passes the limit
   * @param intervalMs minimum time between two lines; default one minute
   * @param now clock, replaceable in tests
   */
  constructor(
    private readonly write: (line: string) => void,
    private readonly intervalMs = 60_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  error(message: string, ...args: unknown[]): void {
    const at = this.now();
    if (at - this.lastWrittenAt < this.intervalMs) {
      this.suppressed += 1;
      return;
    }
    const more = this.suppressed > 0 ? ` (${this.suppressed} similar suppressed)` : '';
    this.lastWrittenAt = at;
    this.suppressed = 0;
    try {
      this.write(`opentelemetry: ${oneLine([message, ...args])}${more}`);
    } catch {
      // A broken sink must not turn an exporter problem into a request failure.
    }
  }

  // Below error the SDK reports retries, dropped spans and debug detail: noise in a service.
  warn(): void {}
  info(): void {}
  debug(): void {}
  verbose(): void {}
}

/** The parts of a diagnostic as one short line: first line of each error, no stack. */
function oneLine(parts: unknown[]): string {
  const text = parts
    .map((part) => {
      if (part instanceof Error) return `${part.name}: ${part.message}`;
      if (typeof part === 'string') return serializedError(part) ?? part.split('\n')[0] ?? '';
      try {
        return JSON.stringify(part);
      } catch {
        return String(part);
      }
    })
    .filter((piece) => piece !== undefined && piece !== '')
    .join(' ');
  return text.length > maxLineLength ? `${text.slice(0, maxLineLength)}...` : text;
}

/**
 * The SDK's error handler passes errors JSON-serialized with their stack; the name, message
 * and code are what a reader needs.
 */
function serializedError(text: string): string | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const { name, message, code } = JSON.parse(text) as Record<string, unknown>;
    if (typeof message !== 'string') return undefined;
    const prefix = typeof name === 'string' ? `${name}: ` : '';
    return `${prefix}${message}${typeof code === 'string' ? ` (${code})` : ''}`;
  } catch {
    return undefined;
  }
}
