import { createLogger, type Logger } from '../../src/index.ts';

/** A parsed log line. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: string };

/** A real kit logger whose lines are kept in memory so tests can assert on them. */
export function memoryLogger(level: 'info' | 'debug' | 'silent' = 'info'): {
  logger: Logger;
  lines: LogLine[];
} {
  const lines: LogLine[] = [];
  const logger = createLogger({
    service: 'kit-test',
    instanceId: 'test-1',
    level,
    destination: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) },
  });
  return { logger, lines };
}
