import { EventEmitter } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test/support/memory-logger.ts';
import type { Component } from './component.js';
import { ServiceRuntime } from './service-runtime.js';
import type { ProcessLike } from './signal-handlers.js';

/** A component that records its start and stop into a shared journal. */
function recorder(name: string, journal: string[], behaviour: Partial<Component> = {}): Component {
  return {
    name,
    start: () => {
      journal.push(`start ${name}`);
    },
    stop: () => {
      journal.push(`stop ${name}`);
    },
    ...behaviour,
  };
}

function runtime(options: { shutdownTimeoutMs?: number } = {}) {
  const { logger, lines } = memoryLogger();
  return { runtime: new ServiceRuntime({ logger, ...options }), lines };
}

describe('ServiceRuntime', () => {
  it('starts components in order and stops them in reverse order', async () => {
    const journal: string[] = [];
    const { runtime: rt } = runtime();
    for (const name of ['postgres', 'kafka-producer', 'http', 'consumer']) {
      rt.add(recorder(name, journal));
    }
    await rt.start();
    expect(rt.readiness.phase).toBe('serving');
    const report = await rt.stop();
    expect(report).toEqual({ clean: true, failed: [], timedOut: [] });
    expect(journal).toEqual([
      'start postgres',
      'start kafka-producer',
      'start http',
      'start consumer',
      'stop consumer',
      'stop http',
      'stop kafka-producer',
      'stop postgres',
    ]);
  });

  it('fails readiness before the first component is asked to stop', async () => {
    const { runtime: rt } = runtime();
    let phaseAtStop: string | undefined;
    rt.add({
      name: 'http',
      start: () => undefined,
      stop: () => {
        phaseAtStop = rt.readiness.phase;
      },
    });
    await rt.start();
    await rt.stop();
    expect(phaseAtStop).toBe('draining');
  });

  it('stop() is idempotent: a second call returns the same promise and stops nothing twice', async () => {
    const journal: string[] = [];
    const { runtime: rt } = runtime();
    rt.add(recorder('a', journal));
    await rt.start();
    const first = rt.stop();
    expect(rt.stop()).toBe(first);
    await first;
    expect(journal.filter((entry) => entry.startsWith('stop'))).toEqual(['stop a']);
  });

  it('a failing or hanging stop is logged, bounded by the deadline, and the rest still stop', async () => {
    const journal: string[] = [];
    const { runtime: rt, lines } = runtime({ shutdownTimeoutMs: 300 });
    let sawAbort = false;
    rt.add(recorder('postgres', journal));
    rt.add(
      recorder('consumer', journal, {
        stop: ({ signal }) =>
          new Promise<void>(() => {
            signal.addEventListener('abort', () => {
              sawAbort = true;
            });
          }),
      }),
    );
    rt.add(
      recorder('http', journal, {
        stop: () => {
          throw new Error('close failed');
        },
      }),
    );
    await rt.start();
    const startedAt = performance.now();
    const report = await rt.stop();
    expect(performance.now() - startedAt).toBeLessThan(1_000);
    expect(report).toEqual({ clean: false, failed: ['http'], timedOut: ['consumer'] });
    expect(sawAbort).toBe(true);
    // postgres got no time left but was still asked to stop (with an aborted signal).
    expect(journal).toContain('stop postgres');
    expect(lines.some((l) => l.msg === 'component failed to stop' && l.name === 'http')).toBe(true);
  });

  it('a component that fails to start stops those already started and rethrows', async () => {
    const journal: string[] = [];
    const { runtime: rt } = runtime();
    rt.add(recorder('postgres', journal));
    rt.add(
      recorder('kafka', journal, {
        start: () => Promise.reject(new Error('broker unreachable')),
      }),
    );
    rt.add(recorder('http', journal));
    await expect(rt.start()).rejects.toThrow('broker unreachable');
    expect(journal).toEqual(['start postgres', 'stop postgres']);
    expect(rt.readiness.phase).toBe('draining');
  });

  it('stop() during start-up waits for the component being started, stops it, and skips the rest', async () => {
    const journal: string[] = [];
    const { runtime: rt } = runtime();
    rt.add(
      recorder('postgres', journal, {
        start: () => delay(100).then(() => void journal.push('start postgres')),
      }),
    );
    rt.add(recorder('http', journal));
    const started = rt.start();
    await delay(20);
    await rt.stop();
    await started;
    expect(journal).toEqual(['start postgres', 'stop postgres']);
  });

  it('components cannot be added after start', async () => {
    const { runtime: rt } = runtime();
    await rt.start();
    expect(() => rt.add(recorder('late', []))).toThrow(/after start/);
    await rt.stop();
  });
});

describe('ServiceRuntime.installSignalHandlers', () => {
  class FakeProcess extends EventEmitter implements ProcessLike {
    readonly exits: number[] = [];
    exit(code: number): void {
      this.exits.push(code);
    }
  }

  async function settle(proc: FakeProcess): Promise<void> {
    for (let i = 0; i < 50 && proc.exits.length === 0; i++) await delay(10);
  }

  it('SIGTERM stops the runtime and exits 0', async () => {
    const journal: string[] = [];
    const { runtime: rt } = runtime();
    rt.add(recorder('http', journal));
    await rt.start();
    const proc = new FakeProcess();
    const uninstall = rt.installSignalHandlers({ process: proc });
    proc.emit('SIGTERM', 'SIGTERM');
    await settle(proc);
    expect(proc.exits).toEqual([0]);
    expect(journal).toEqual(['start http', 'stop http']);
    uninstall();
    expect(proc.listenerCount('SIGTERM')).toBe(0);
  });

  it('an uncaught exception is logged as fatal, stops the runtime cleanly and exits 1', async () => {
    const journal: string[] = [];
    const { runtime: rt, lines } = runtime();
    rt.add(recorder('http', journal));
    await rt.start();
    const proc = new FakeProcess();
    rt.installSignalHandlers({ process: proc });
    proc.emit('uncaughtException', new Error('boom'));
    await settle(proc);
    expect(proc.exits).toEqual([1]);
    expect(journal).toEqual(['start http', 'stop http']);
    expect(lines.some((l) => l.level === 'fatal')).toBe(true);
  });

  it('an unhandled rejection during a signal-initiated stop still exits 1', async () => {
    const { runtime: rt } = runtime();
    rt.add({ name: 'slow', start: () => undefined, stop: () => delay(50) });
    await rt.start();
    const proc = new FakeProcess();
    rt.installSignalHandlers({ process: proc });
    proc.emit('SIGINT', 'SIGINT');
    proc.emit('unhandledRejection', new Error('late failure'));
    await settle(proc);
    expect(proc.exits).toEqual([1]);
  });
});
