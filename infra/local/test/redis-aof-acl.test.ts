/**
 * The stack's Redis nodes keep what lock scripts wrote across a crash. Redis 7 writes a
 * script's effects to the append-only file wrapped in MULTI/EXEC, and replays that file as the
 * `default` user; 7.0 (Debian's) re-checks the user's permissions at EXEC even while loading
 * (redis/redis#14541, fixed upstream in #14545). With `default` disabled and allowed nothing,
 * every script's writes were dropped at start-up with "NOPERM ACLs rules changed": lock keys
 * and fencing counters came back empty. This test runs a node of its own with the stack's
 * ACL file (infra/redis/write-users-acl.sh) and persistence, kills it, and restarts it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/fleet/free-port.ts';
import { repoRoot } from '../src/fleet/replica-process.ts';
import { poll } from './poll.ts';
import { refusalOf } from './redis-refusal.ts';

const users = {
  REDIS_ADMIN_USER: 'aof-admin',
  REDIS_ADMIN_PASSWORD: 'aof-admin-password',
  REDIS_LOCK_USER: 'aof-lock',
  REDIS_LOCK_PASSWORD: 'aof-lock-password',
};

describe('Redis append-only file with the stack ACL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-redis-aof-'));
  let server: ChildProcess | undefined;
  let port = 0;

  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts redis-server as infra/local/bin/servers/redis.sh does, fsyncing every write. */
  async function start(): Promise<void> {
    server = spawn(
      'redis-server',
      // `always` instead of the stack's `everysec`, so the test need not wait out the second a
      // crash may lose; loading the file afterwards is the same either way.
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
        ...['--appendonly', 'yes', '--appendfsync', 'always', '--protected-mode', 'no'],
        ...['--daemonize', 'no', '--aclfile', join(dir, 'users.acl')],
      ],
      { stdio: 'ignore' },
    );
    const admin = connect(users.REDIS_ADMIN_USER, users.REDIS_ADMIN_PASSWORD);
    try {
      // LOADING is answered until the append-only file has been replayed.
      await poll(
        'redis-server answering PING',
        async () => ((await admin.ping()) === 'PONG' ? true : undefined),
        { timeoutMs: 10_000, intervalMs: 100 },
      );
    } finally {
      admin.disconnect();
    }
  }

  /** A client that keeps retrying while the server starts (refusals are expected then). */
  function connect(username?: string, password?: string): Redis {
    const client = new Redis({
      port,
      host: '127.0.0.1',
      username,
      password,
      retryStrategy: () => 100,
      maxRetriesPerRequest: 0,
    });
    client.on('error', () => {});
    return client;
  }

  it("a lock script's key and fencing counter, written as the lock user, survive a crash and restart", async () => {
    const acl = execFileSync('sh', [join(repoRoot, 'infra/redis/write-users-acl.sh')], {
      env: { ...process.env, ...users },
      encoding: 'utf8',
    });
    writeFileSync(join(dir, 'users.acl'), acl, { mode: 0o600 });
    port = await freePort();
    await start();

    const lockUser = connect(users.REDIS_LOCK_USER, users.REDIS_LOCK_PASSWORD);
    // The shape of the lock library's acquire: SET NX with a TTL, then INCR of the fence.
    const script =
      "redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', 600000); return redis.call('INCR', KEYS[2])";
    const tokens: number[] = [];
    for (let i = 0; i < 3; i++) {
      tokens.push(
        Number(
          await lockUser.eval(script, 2, 'lockstep:aof:lock', 'lockstep:aof:fence', 'owner-1'),
        ),
      );
    }
    lockUser.disconnect();
    expect(tokens).toEqual([1, 2, 3]);

    server?.kill('SIGKILL');
    await new Promise((resolve) => server?.once('exit', resolve));
    await start();

    const admin = connect(users.REDIS_ADMIN_USER, users.REDIS_ADMIN_PASSWORD);
    const after = [await admin.get('lockstep:aof:lock'), await admin.get('lockstep:aof:fence')];
    admin.disconnect();
    expect(after).toEqual(['owner-1', '3']);
  });

  it('default, which the file is replayed as, still admits no connection', async () => {
    const anonymous = connect();
    await expect(anonymous.get('lockstep:aof:lock')).rejects.toThrow(/^NOAUTH/);
    anonymous.disconnect();
    expect(await refusalOf(`redis://default:any-password@127.0.0.1:${port}`)).toMatch(/WRONGPASS/);
  });
});
