import { setTimeout as delay } from 'node:timers/promises';
import { waitFor } from '@lockstep/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type Election, type Leadership, LockErrorCode } from '../../src/index.ts';
import { expectLockError } from './expect-lock-error.ts';
import { uniqueResource } from './unique-resource.ts';

/** How one backend plugs into the shared election contract suite. */
export interface ElectionContractSpec {
  /** Suite name, e.g. "etcd". */
  name: string;
  /** A candidate in election `name`: each call an independent client (own connection/session). */
  create(name: string): Election;
  /** How many candidates stand in line in election `name`, read from the server. */
  candidatesInLine(name: string): Promise<number>;
}

/** Leadership moves within a 2 s session: poll often, fail after 6 s. */
const poll = { timeoutMs: 6_000, intervalMs: 20 };

/**
 * The contract every Election backend honours, against real servers: what a service's elected
 * background loop relies on, whichever backend runs it. Backend faults (sessions expiring,
 * leases revoked) are in each backend's own suite.
 */
export function describeElectionContract(spec: ElectionContractSpec): void {
  describe(`election contract: ${spec.name}`, () => {
    const elections: Election[] = [];
    const candidate = (name: string) => {
      const election = spec.create(name);
      elections.push(election);
      return election;
    };
    afterAll(async () => {
      await Promise.all(elections.map((election) => election.close()));
    });

    it('one leader at a time, handed over in campaign order, with a larger fencing token each term', async () => {
      const name = uniqueResource('one-leader');
      const [a, b, c] = [candidate(name), candidate(name), candidate(name)];
      let leading = 0;
      let most = 0;
      const terms: Leadership[] = [];
      let release: () => void = () => undefined;
      const everyoneQueued = new Promise<void>((resolve) => {
        release = resolve;
      });
      const lead = async (election: Election, id: string) => {
        const leadership = await election.campaign(id);
        leading++;
        most = Math.max(most, leading);
        terms.push(leadership);
        expect(leadership.election).toBe(name);
        expect(leadership.lease.resource).toBe(`election:${name}`);
        expect(await election.leader()).toBe(id);
        await everyoneQueued;
        await delay(20);
        leading--;
        await leadership.resign();
      };
      const runs: Promise<void>[] = [];
      for (const [election, id] of [
        [a, 'a'],
        [b, 'b'],
        [c, 'c'],
      ] as const) {
        runs.push(lead(election, id));
        // The next campaign starts once this one is in line, so the line follows the array.
        await waitFor(
          `${id} in line`,
          async () => (await spec.candidatesInLine(name)) === runs.length,
          poll,
        );
      }
      release();
      await Promise.all(runs);
      expect(most).toBe(1);
      expect(terms.map((term) => term.candidateId)).toEqual(['a', 'b', 'c']);
      const tokens = terms.map((term) => term.fencingToken);
      expect(tokens[1]).toBeGreaterThan(tokens[0] as bigint);
      expect(tokens[2]).toBeGreaterThan(tokens[1] as bigint);
      expect(await a.leader()).toBeUndefined();
    });

    it('an observer sees every leader in order, and undefined when nobody leads', async () => {
      const name = uniqueResource('observed');
      const seen: Array<string | undefined> = [];
      const stop = new AbortController();
      await candidate(name).observe((leader) => seen.push(leader), stop.signal);
      expect(seen).toEqual([undefined]);
      const a = await candidate(name).campaign('a');
      await waitFor('leader a', () => seen.length === 2, poll);
      const bPending = candidate(name).campaign('b');
      await delay(200);
      await a.resign();
      const b = await bPending;
      await waitFor('leader b', () => seen.length === 3, poll);
      await b.resign();
      await waitFor('no leader', () => seen.length === 4, poll);
      stop.abort();
      expect(seen).toEqual([undefined, 'a', 'b', undefined]);
    });

    it('a campaign cancelled by its signal gets LOCK_CANCELLED and leaves no candidate in line', async () => {
      const name = uniqueResource('cancelled');
      const leader = await candidate(name).campaign('leader');
      const cancel = new AbortController();
      const waiting = candidate(name).campaign('hopeful', { signal: cancel.signal });
      await delay(200);
      cancel.abort();
      await expectLockError(waiting, LockErrorCode.Cancelled);
      expect(await spec.candidatesInLine(name)).toBe(1);
      await leader.resign();
      // Had the cancelled candidate stayed in line, it would lead now.
      expect(await candidate(name).leader()).toBeUndefined();
    });

    it('a campaign that waits past waitMs gets LOCK_CONTENDED and leaves no candidate in line', async () => {
      const name = uniqueResource('timed-out');
      const leader = await candidate(name).campaign('leader');
      await expectLockError(
        candidate(name).campaign('impatient', { waitMs: 200 }),
        LockErrorCode.Contended,
      );
      expect(await spec.candidatesInLine(name)).toBe(1);
      await leader.resign();
      expect(await candidate(name).leader()).toBeUndefined();
    });

    it('disposing a leadership resigns it, and closing the client hands leadership on', async () => {
      const name = uniqueResource('disposed');
      const [a, b] = [candidate(name), candidate(name)];
      {
        await using _leadership = await a.campaign('a');
        expect(await b.leader()).toBe('a');
      }
      expect(await b.leader()).toBeUndefined();
      const again = await a.campaign('a');
      const next = b.campaign('b');
      await delay(200);
      await a.close();
      await waitFor('the closed leader to be told', () => again.signal.aborted, poll);
      const won = await next;
      expect(won.candidateId).toBe('b');
      await won.resign();
    });

    it('refuses bad arguments by rejecting with LOCK_INVALID_ARGUMENT, never by throwing', async () => {
      const election = candidate(uniqueResource('invalid'));
      await expectLockError(election.campaign(''), LockErrorCode.InvalidArgument);
      await expectLockError(election.campaign('x', { waitMs: -1 }), LockErrorCode.InvalidArgument);
      await expectLockError(
        election.campaign('x', { waitMs: Number.NaN }),
        LockErrorCode.InvalidArgument,
      );
      expect(() => spec.create('')).toThrow(/name/);
    });
  });
}
