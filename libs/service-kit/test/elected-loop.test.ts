import { setTimeout as delay } from 'node:timers/promises';
import { localTopology } from '@lockstep/infra-local';
import { ZooKeeperElection } from '@lockstep/locks';
import { uniqueName, waitFor } from '@lockstep/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ElectedLoop } from '../src/index.ts';
import { createLogger } from '../src/logging/create-logger.ts';

const logger = createLogger({ service: 'elected-loop-test', instanceId: 'test', level: 'silent' });

/** Leadership changes within a 2 s session: poll often, give up well before the test does. */
const poll = { timeoutMs: 10_000, intervalMs: 20 };

/** The kit's elected loop on a real ZooKeeper election (the contract makes the backend moot). */
describe('ElectedLoop', () => {
  const loops: ElectedLoop[] = [];
  const electionName = uniqueName('elected-loop');
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
    await waitFor('a to lead', () => a.isLeader, poll);
    b.start();
    await waitFor('a few rounds', () => a.stats.rounds >= 3, poll);
    expect(b.isLeader).toBe(false);
    expect(ran.every((id) => id === 'a')).toBe(true);
    expect(a.stats.handled).toBe(a.stats.rounds * 2);
    await a.stop();
    await waitFor('b to lead and run', () => b.isLeader && b.stats.rounds > 0, poll);
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
    await waitFor('rounds after the failure', () => loop.stats.rounds >= 2, poll);
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
    await waitFor('leadership', () => loop.isLeader, poll);
    await delay(50);
    loops.splice(loops.indexOf(loop), 1);
    await loop.stop();
    expect(cancelled).toBe(true);
    expect(loop.isLeader).toBe(false);
  });
});
