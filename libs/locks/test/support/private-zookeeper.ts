/**
 * ZooKeeper fault tooling for tests. Nothing here touches the shared stack's server:
 * - startPrivateZooKeeper(): a standalone server of our own (installed jar, free port, temp dir)
 *   that tests may crash and restart;
 * - startZooKeeperProxy(): a TCP proxy between a client and a server that can partition them
 *   (the server then expires the session for real, as in life) or let one create through and
 *   cut its answer, which is exactly the CONNECTION_LOSS the protection id exists for;
 * - openInspector(): a plain client that looks at (and deletes) nodes behind the lock's back.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import zookeeper, { type Client, type Stat } from 'node-zookeeper-client';

const HOST = '127.0.0.1';

/** A private ZooKeeper server. */
export interface PrivateZooKeeper {
  readonly connectionString: string;
  /** Kills the server like a crash (SIGKILL); its data stays on disk. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it serves requests. */
  start(): Promise<void>;
  /** Sends a four-letter word (`srvr`, `wchp`, `cons`) and returns the reply. */
  fourLetterWord(word: string): Promise<string>;
  /** Stops the server and deletes its directory. */
  destroy(): Promise<void>;
}

/** Starts a standalone ZooKeeper on a free port: tickTime 500 ms, sessions from 1 s. */
export async function startPrivateZooKeeper(): Promise<PrivateZooKeeper> {
  const dir = await mkdtemp(join(tmpdir(), 'lockstep-zk-'));
  const port = await freePort();
  await writeFile(
    join(dir, 'zoo.cfg'),
    [
      'tickTime=500',
      'initLimit=10',
      'syncLimit=5',
      'minSessionTimeout=1000',
      'maxSessionTimeout=60000',
      `dataDir=${join(dir, 'data')}`,
      `clientPort=${port}`,
      `clientPortAddress=${HOST}`,
      '4lw.commands.whitelist=ruok,srvr,wchp,wchc,cons',
      'admin.enableServer=false',
      'maxClientCnxns=0',
      '',
    ].join('\n'),
  );
  // ZooKeeper logs through slf4j; the log4j binding sends it to stdout, which goes to zookeeper.log.
  await writeFile(
    join(dir, 'log4j.properties'),
    'log4j.rootLogger=INFO, CONSOLE\nlog4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender\n' +
      'log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout\n' +
      'log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %m%n\n',
  );
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const fourLetterWord = (word: string) => sendFourLetterWord(port, word);
  const server: PrivateZooKeeper = {
    connectionString: `${HOST}:${port}`,
    async start() {
      if (child) throw new Error('private ZooKeeper already runs');
      const logFile = await open(join(dir, 'zookeeper.log'), 'a');
      const started = spawn(
        'java',
        [
          '-Xms64m',
          '-Xmx256m',
          `-Dzookeeper.log.dir=${dir}`,
          `-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`,
          '-cp',
          [dir, 'zookeeper.jar', 'slf4j-log4j12.jar', 'log4j-1.2.jar']
            .map((jar) => (jar === dir ? jar : `/usr/share/java/${jar}`))
            .join(':'),
          'org.apache.zookeeper.server.quorum.QuorumPeerMain',
          join(dir, 'zoo.cfg'),
        ],
        { stdio: ['ignore', logFile.fd, logFile.fd] },
      );
      child = started;
      const exited = once(started, 'exit');
      await logFile.close(); // the child keeps its own descriptor
      const deadline = performance.now() + 30_000;
      while (performance.now() < deadline) {
        if (started.exitCode !== null) break;
        const reply = await fourLetterWord('srvr').catch(() => '');
        if (reply.includes('Mode: standalone')) return;
        await delay(100);
      }
      started.kill('SIGKILL');
      await exited;
      child = undefined;
      throw new Error(`private ZooKeeper on port ${port} did not start (see ${dir}/zookeeper.log)`);
    },
    async stop() {
      const running = child;
      if (!running) return;
      child = undefined;
      if (running.exitCode === null) {
        const exited = once(running, 'exit');
        running.kill('SIGKILL');
        await exited;
      }
    },
    fourLetterWord,
    async destroy() {
      await server.stop();
      process.removeListener('exit', killOnExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/** A TCP proxy in front of a ZooKeeper server that injects network faults on demand. */
export interface ZooKeeperProxy {
  readonly connectionString: string;
  /**
   * Arms the proxy: the next create whose path contains `marker` reaches the server and
   * succeeds, but its answer is dropped and the client's connection cut. Resolves once done.
   */
  cutAfterCreate(marker: string): Promise<void>;
  /**
   * A network partition: from now on every byte either way is dropped, connections stay open.
   * The server stops hearing from the client and expires its session after the session timeout;
   * the client hears nothing back. Closes still pass, so once the server gives up on a
   * connection the client sees it drop.
   */
  partition(): void;
  /** Ends the partition. */
  heal(): void;
  close(): Promise<void>;
}

/** Starts a {@link ZooKeeperProxy} to `target` (`host:port`). */
export async function startZooKeeperProxy(target: string): Promise<ZooKeeperProxy> {
  const [host = HOST, port = '2181'] = target.split(':');
  let armed: { marker: string; cut: () => void } | undefined;
  let partitioned = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((downstream) => {
    const upstream = connect(Number(port), host);
    // Small request frames would otherwise wait on Nagle + delayed ACKs (tens of ms each).
    downstream.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(downstream).add(upstream);
    const cutXids = new Set<number>();
    const cut = () => {
      downstream.destroy();
      upstream.destroy();
      sockets.delete(downstream);
      sockets.delete(upstream);
    };
    downstream.on('close', cut).on('error', cut);
    upstream.on('close', cut).on('error', cut);
    void (async () => {
      let first = true;
      for await (const frame of readFrames(downstream)) {
        if (partitioned) continue;
        // RequestHeader after the length: xid, type (1 = create), then the path.
        if (!first && armed && frame.readInt32BE(8) === 1) {
          const path = frame.toString('utf8', 16, 16 + frame.readInt32BE(12));
          if (path.includes(armed.marker)) cutXids.add(frame.readInt32BE(4));
        }
        first = false;
        upstream.write(frame);
      }
    })().catch(cut);
    void (async () => {
      let first = true;
      for await (const frame of readFrames(upstream)) {
        if (partitioned) continue;
        // ReplyHeader after the length: xid, zxid, err. Only a create that succeeded is cut:
        // then the server holds a node the client never heard of.
        if (!first && cutXids.delete(frame.readInt32BE(4)) && frame.readInt32BE(16) === 0) {
          const done = armed?.cut;
          armed = undefined;
          cut();
          done?.();
          return;
        }
        first = false;
        downstream.write(frame);
      }
    })().catch(cut);
  });
  server.listen(0, HOST);
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    connectionString: `${HOST}:${address.port}`,
    cutAfterCreate(marker) {
      return new Promise((resolve) => {
        armed = { marker, cut: resolve };
      });
    },
    partition() {
      partitioned = true;
    },
    heal() {
      partitioned = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * Cuts the client behind `proxy` off until `expired()` reports that the server gave up on its
 * session (e.g. its ephemeral lock node is gone), then heals the network. The client then
 * learns about the expiry the way it would in life: when it gets through again.
 */
export async function partitionUntilExpired(
  proxy: ZooKeeperProxy,
  expired: () => Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  proxy.partition();
  try {
    const deadline = performance.now() + timeoutMs;
    while (!(await expired())) {
      if (performance.now() > deadline)
        throw new Error('the server did not expire the partitioned session');
      await delay(50);
    }
  } finally {
    proxy.heal();
  }
}

/** A plain ZooKeeper client for looking at nodes from outside the lock. */
export interface Inspector {
  exists(path: string): Promise<Stat | null>;
  /** Children names; [] when the node does not exist. */
  children(path: string): Promise<string[]>;
  remove(path: string): Promise<void>;
  close(): void;
}

/**
 * Connects an {@link Inspector}. Each look gets 5 s; past that (the client can hang on a
 * connection a restarting server never answered) it reconnects with a fresh client and asks
 * again, so a test fails on its own assertion rather than on a hung helper.
 */
export async function openInspector(connectionString: string): Promise<Inspector> {
  const connectClient = async (): Promise<Client> => {
    const client = zookeeper.createClient(connectionString, { sessionTimeout: 10_000 });
    const connected = once(client, 'connected');
    client.connect();
    await withTimeout(connected, 10_000, 'inspector connect');
    return client;
  };
  let client = await connectClient();
  const ask = async <T>(
    send: (client: Client, done: (error: unknown, value: T) => void) => void,
  ): Promise<T> => {
    const attempt = (target: Client) =>
      withTimeout(
        new Promise<T>((resolve, reject) =>
          send(target, (error, value) => (error ? reject(error) : resolve(value))),
        ),
        5_000,
        'inspector request',
      );
    try {
      return await attempt(client);
    } catch (error) {
      if (!(error instanceof InspectorTimeout)) throw error;
      client.close();
      client = await connectClient();
      return attempt(client);
    }
  };
  const NO_NODE = zookeeper.Exception.NO_NODE;
  return {
    exists: (path) => ask<Stat | null>((c, done) => c.exists(path, done)),
    children: (path) =>
      ask<string[]>((c, done) =>
        c.getChildren(path, (error, children) =>
          done(
            (error as { getCode?: () => number })?.getCode?.() === NO_NODE ? null : error,
            children ?? [],
          ),
        ),
      ),
    remove: (path) => ask<void>((c, done) => c.remove(path, -1, (error) => done(error, undefined))),
    close: () => client.close(),
  };
}

class InspectorTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InspectorTimeout(`${what} got no answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Length-prefixed ZooKeeper frames from a socket, each including its 4-byte length. */
async function* readFrames(socket: Socket): AsyncGenerator<Buffer> {
  let pending = Buffer.alloc(0);
  for await (const chunk of socket) {
    pending = Buffer.concat([pending, chunk as Buffer]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      const size = 4 + pending.readInt32BE(0);
      yield pending.subarray(0, size);
      pending = pending.subarray(size);
    }
  }
}

function sendFourLetterWord(port: number, word: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, HOST, () => socket.end(word));
    let reply = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error(`${word}: no answer`)));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
    });
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, HOST);
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}
