import { isSpanContextValid, trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../config/base-service-config.js';
import { credentialHeaderPaths, redactedValue } from './credentials.js';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Service name, written as `service` on every line. */
  service: string;
  /** Replica id, written as `instance` on every line. */
  instanceId: string;
  /** Lowest level written; default `info`. */
  level?: LogLevel;
  /** Where lines go; default stdout. Tests pass a stream to read lines back. */
  destination?: DestinationStream;
}

/**
 * Paths whose values never reach a log line: every credential header (the list in
 * credentials.ts), in the request and response pino-http logs and in any `headers` logged.
 */
export const redactedPaths = credentialHeaderPaths();

/**
 * The service's root pino logger: JSON lines on stdout with `service` and `instance` on each,
 * and `trace_id`/`span_id` of the active OpenTelemetry span so a log line leads to its trace.
 * Modules take `logger.child({ component: 'outbox-relay' })`; log the object first, then
 * the message.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, instance: options.instanceId },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names instead of numbers: log shippers and humans read "error", not 50.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactedPaths, censor: redactedValue },
      mixin: traceFields,
    },
    // Synchronous stdout: the lines written just before process.exit (a crash, the end of a
    // shutdown) are the ones that matter most, and an async buffer would drop them.
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * Trace correlation for the current line. Uses only @opentelemetry/api, so without an SDK
 * (unit tests, tools) there is simply no active span and nothing is added.
 */
export function traceFields(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  if (context === undefined || !isSpanContextValid(context)) return {};
  return { trace_id: context.traceId, span_id: context.spanId };
}

export type { Logger } from 'pino';
