import { describe, expect, it } from 'vitest';
import { QuietDiagLogger } from './quiet-diag-logger.js';

function logger(intervalMs = 1_000) {
  const lines: string[] = [];
  let now = 0;
  const quiet = new QuietDiagLogger(
    (line) => lines.push(line),
    intervalMs,
    () => now,
  );
  return { quiet, lines, advance: (ms: number) => (now += ms) };
}

describe('QuietDiagLogger', () => {
  it('writes the first error, suppresses the rest of the interval, then reports the count', () => {
    const { quiet, lines, advance } = logger();
    quiet.error('export failed');
    quiet.error('export failed');
    advance(999);
    quiet.error('export failed');
    advance(1);
    quiet.error('export failed again');
    expect(lines).toEqual([
      'opentelemetry: export failed',
      'opentelemetry: export failed again (2 similar suppressed)',
    ]);
  });

  it('ignores everything below error', () => {
    const { quiet, lines } = logger();
    quiet.warn();
    quiet.info();
    quiet.debug();
    quiet.verbose();
    expect(lines).toEqual([]);
  });

  it('keeps one line: errors by name and message, serialized errors without their stack', () => {
    const { quiet, lines, advance } = logger();
    quiet.error('first line\n    at stack frame', new TypeError('bad'));
    advance(1_000);
    const serialized = JSON.stringify({
      stack: 'Error: connect ECONNREFUSED 127.0.0.1:9\n    at TCPConnectWrap.afterConnect',
      message: 'connect ECONNREFUSED 127.0.0.1:9',
      code: 'ECONNREFUSED',
      name: 'Error',
    });
    quiet.error(serialized);
    advance(1_000);
    quiet.error('x'.repeat(2_000));
    expect(lines[0]).toBe('opentelemetry: first line TypeError: bad');
    expect(lines[1]).toBe('opentelemetry: Error: connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)');
    expect(lines[2]?.length).toBeLessThan(600);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('a sink that throws does not throw at the caller', () => {
    const quiet = new QuietDiagLogger(() => {
      throw new Error('stderr closed');
    });
    expect(() => quiet.error('export failed')).not.toThrow();
  });
});
