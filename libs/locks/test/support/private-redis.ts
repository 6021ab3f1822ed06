import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';

/** A free loopback port, found by letting the kernel pick one and closing it again. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/**
 * A redis-server of the test's own, on a free port in a temp dir, that fault tests may kill,
 * pause and restart without touching the shared stack. No persistence: a killed node comes
 * back empty, the worst case Redlock must survive.
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  /** `host:port` for lock clients. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts a new server and resolves once it answers PING. */
  static async start(): Promise<PrivateRedis> {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-redis-'));
    const server = new PrivateRedis(await freePort(), dir);
    await server.restart();
    return server;
  }

  /** Starts the server process (again) on the same port; resolves once it answers PING. */
  async restart(): Promise<void> {
    if (this.child) throw new Error(`private redis on ${this.port} is already running`);
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '']
        .concat(['--appendonly', 'no', '--protected-mode', 'no', '--daemonize', 'no'])
        .concat(['--logfile', join(this.dir, 'redis.log')]),
      { stdio: 'ignore' },
    );
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    await this.waitUntilUp();
  }

  /** Kills the server like a crash (SIGKILL) and resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }

  /** Freezes the server (SIGSTOP): its socket stays open but nothing answers. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  /** Thaws a paused server. */
  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Kills the server and removes its directory. */
  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async waitUntilUp(): Promise<void> {
    const client = new Redis({
      port: this.port,
      host: '127.0.0.1',
      lazyConnect: true,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      for (let i = 0; i < 100; i++) {
        if (!this.child) throw new Error(`redis-server on ${this.port} exited while starting`);
        const pong = await client
          .connect()
          .then(() => client.ping())
          .catch(() => undefined);
        if (pong === 'PONG') return;
        client.disconnect();
        await delay(50);
      }
      throw new Error(`redis-server on ${this.port} did not answer PING`);
    } finally {
      client.disconnect();
    }
  }
}
