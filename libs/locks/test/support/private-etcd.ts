import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** A single-member etcd of our own, for tests that kill and restart the server. */
export interface PrivateEtcd {
  /** Client URL (`http://127.0.0.1:<port>`). */
  readonly url: string;
  /** Kills the server with SIGKILL (no graceful shutdown); the data directory stays. */
  kill(): Promise<void>;
  /** Starts the server again (if it is down) on the same ports and data; resolves once healthy. */
  start(): Promise<void>;
  /** Kills the server and deletes its data directory. */
  destroy(): Promise<void>;
}

const host = '127.0.0.1';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
    return response.ok && ((await response.json()) as { health?: string }).health === 'true';
  } catch {
    return false;
  }
}

/**
 * Starts etcd (the installed binary, as infra/local/bin/servers/etcd.sh does) on free client and
 * peer ports in a temporary data directory. Never touches the shared stack's etcd.
 */
export async function startPrivateEtcd(): Promise<PrivateEtcd> {
  const dir = await mkdtemp(join(tmpdir(), 'lockstep-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const url = `http://${host}:${clientPort}`;
  const peer = `http://${host}:${peerPort}`;
  let child: ChildProcess | undefined;
  let log = '';

  const start = async () => {
    // Already running: a second process would wait on the data directory's lock while the
    // health probe answered from the first, and a later kill() would hit the wrong process.
    if (child && child.exitCode === null) return;
    log = '';
    // The member name is fixed so a restart reuses the data directory instead of bootstrapping.
    child = spawn(
      'etcd',
      [
        '--name',
        'private',
        '--data-dir',
        join(dir, 'data'),
        '--listen-client-urls',
        url,
        '--advertise-client-urls',
        url,
        '--listen-peer-urls',
        peer,
        '--initial-advertise-peer-urls',
        peer,
        '--initial-cluster',
        `private=${peer}`,
        '--initial-cluster-state',
        'new',
        '--log-level',
        'warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4_000);
    });
    for (let i = 0; i < 200; i++) {
      if (await healthy(url)) return;
      if (child.exitCode !== null) break;
      await delay(50);
    }
    throw new Error(`private etcd did not become healthy on ${url}:\n${log}`);
  };

  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    url,
    kill,
    start,
    destroy: async () => {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
