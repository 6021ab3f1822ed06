/**
 * One process of the cross-process contention bench, started by bench/cross-process.ts through
 * testkit's startTsxChild. It opens one bench subject (its own connections, as a replica
 * would), prints `ready`, then waits for one stdin line
 *
 *   run <startAt> <measureFrom> <stopAt>        (epoch ms, shared by every process)
 *
 * and runs `loops` acquire+release loops on one hot key from startAt to stopAt. Acquisitions
 * before measureFrom are warm-up (JIT, connections, server caches) and are not reported.
 *
 *   contention-worker <subject name> <hot key> <loops>
 */
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { epochNow } from './epoch-clock.js';
import { benchSubjects } from './subjects.js';

const [subjectName, hotKey, loopsArg] = process.argv.slice(2);
const subject = benchSubjects().find((s) => s.name === subjectName);
if (!subject || !hotKey) throw new Error(`usage: contention-worker <subject> <key> <loops>`);
const loops = Number(loopsArg ?? 1);

/** Resolves once the line is handed to the pipe: the report is large and exit must not cut it. */
const emit = (event: Record<string, unknown>) =>
  new Promise<void>((resolve) =>
    process.stdout.write(`${JSON.stringify(event)}\n`, () => resolve()),
  );

const client = await subject.open();
// One unmeasured cycle opens every connection (and ZooKeeper's session, etcd's lease) before
// the common start, so no process begins the race still connecting.
await (await client.acquire(`${hotKey}:connect:${process.pid}`))();
await emit({ event: 'ready' });

const lines = createInterface({ input: process.stdin });
const [command, ...times] = ((await lines[Symbol.asyncIterator]().next()).value ?? '').split(' ');
if (command !== 'run') throw new Error(`contention-worker: expected "run", got "${command}"`);
const [startAt = 0, measureFrom = 0, stopAt = 0] = times.map(Number);

/**
 * Per loop: [acquired at, wait] of every acquisition in the measured window, in µs (the time
 * counted from measureFrom), so the report stays a compact line of integers.
 */
const acquisitions: Array<Array<[number, number]>> = Array.from({ length: loops }, () => []);
let errors = 0;

await delay(Math.max(0, startAt - epochNow()));
const loopsDone = Promise.all(
  acquisitions.map(async (own) => {
    while (epochNow() < stopAt) {
      const askedAt = epochNow();
      try {
        const release = await client.acquire(hotKey);
        const acquiredAt = epochNow();
        if (acquiredAt >= measureFrom && acquiredAt < stopAt) {
          own.push([micros(acquiredAt - measureFrom), micros(acquiredAt - askedAt)]);
        }
        await release();
      } catch {
        if (epochNow() >= measureFrom) errors++;
      }
    }
  }),
);
// A subject that never hands over (a peer retrying forever) must not hold the run hostage:
// whatever is still waiting a while after the window closed is abandoned (exit ends it).
await Promise.race([loopsDone, delay(Math.max(0, stopAt - epochNow()) + 2_000)]);
await emit({ event: 'done', acquisitions, errors });
await Promise.race([client.close(), delay(2_000)]);
lines.close();
process.exit(0);

function micros(ms: number): number {
  return Math.round(ms * 1_000);
}
