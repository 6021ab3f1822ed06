import { setTimeout as delay } from 'node:timers/promises';
import { localTopology } from '@lockstep/infra-local';
import { ZooKeeperElection } from '@lockstep/locks';
import { afterEach, describe, expect, it } from 'vitest';
import { ElectedLoop } from '../src/index.ts';
import { createLogger } from '../src/logging/create-logger.ts';

const logger = createLogger({ service: 'elected-loop-test', instanceId: 'test', level: 'silent' });

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

/** The kit's elected loop on a real ZooKeeper election (the contract makes the backend moot). */
describe('ElectedLoop', () => {
  const loops: ElectedLoop[] = [];
  const electionName = `elected-loop-${process.pid}-${Date.now()}`;
  const newLoop = (
    candidateId: string,
    round: (term: AbortSignal) => Promise<number | undefined>,
    name = electionName,
  ) => {
    const loop = new ElectedLoop({
      name: 'test-loop',
      election: new ZooKeeperElection({
        name,
        connectionString: localTopology().zookeeper,
        sessionTimeoutMs: 2_000,
      }),
      candidateId,
      intervalMs: 20,
      logger,
      round,
    });
    loops.push(loop);
    return loop;
  };
  afterEach(async () => {
    await Promise.all(loops.splice(0).map((loop) => loop.stop()));
  });

  it('only the leader runs rounds; when it stops, the other replica takes over and counts its rounds', async () => {
    const ran: string[] = [];
    const round = (id: string) => async () => {
      ran.push(id);
      return 2;
    };
    const [a, b] = [newLoop('a', round('a')), newLoop('b', round('b'))];
    a.start();
    await until(() => a.isLeader, 'a to lead');
    b.start();
    await until(() => a.stats.rounds >= 3, 'a few rounds');
    expect(b.isLeader).toBe(false);
    expect(ran.every((id) => id === 'a')).toBe(true);
    expect(a.stats.handled).toBe(a.stats.rounds * 2);
    await a.stop();
    await until(() => b.isLeader && b.stats.rounds > 0, 'b to lead and run');
    expect(b.stats.terms).toBe(1);
  });

  it('a failing round is logged and the next one runs under the same leadership', async () => {
    let calls = 0;
    const loop = newLoop(
      'flaky',
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('first round fails');
        return 1;
      },
      `${electionName}-flaky`,
    );
    loop.start();
    await until(() => loop.stats.rounds >= 2, 'rounds after the failure');
    expect(loop.stats.terms).toBe(1);
  });

  it('stop cancels the round in progress through its term signal', async () => {
    let cancelled = false;
    const loop = newLoop(
      'slow',
      (term) =>
        new Promise((resolve) => {
          term.addEventListener('abort', () => {
            cancelled = true;
            resolve(undefined);
          });
        }),
      `${electionName}-slow`,
    );
    loop.start();
    await until(() => loop.isLeader, 'leadership');
    await delay(50);
    loops.splice(loops.indexOf(loop), 1);
    await loop.stop();
    expect(cancelled).toBe(true);
    expect(loop.isLeader).toBe(false);
  });
});
