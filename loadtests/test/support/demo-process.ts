import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { repoRoot } from '../../src/paths.ts';

/** `npm run demo`'s own process (loadtests/src/demo/demo.ts), started by a test. */
export interface DemoProcess {
  readonly child: ChildProcess;
  /** Resolves with the first captured group of the first output line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** The last lines it printed, for failure messages. */
  tail(): string;
  /** Ctrl-C, as a person would stop it; SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the demo with `args` from the sources (as `npm run demo` does after its stack checks),
 * collecting its output line by line.
 */
export function startDemo(args: string[]): DemoProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=lockstep-source', 'loadtests/src/demo/demo.ts', ...args],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const waiters = new Set<(line: string) => void>();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream as NodeJS.ReadableStream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 400) lines.shift();
      for (const waiter of waiters) waiter(line);
    });
  }
  const exited = once(child, 'exit');
  const tail = () => lines.slice(-60).join('\n');
  return {
    child,
    tail,
    waitFor(pattern, timeoutMs) {
      const seen = lines.map((line) => pattern.exec(line)).find((match) => match !== null);
      if (seen) return Promise.resolve(seen[1] ?? seen[0]);
      return new Promise((resolve, reject) => {
        let settled = false;
        const done = (error?: Error, value?: string) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          waiters.delete(onLine);
          if (error) reject(error);
          else resolve(value ?? '');
        };
        const onLine = (line: string) => {
          const match = pattern.exec(line);
          if (match) done(undefined, match[1] ?? match[0]);
        };
        const timer = setTimeout(
          () =>
            done(new Error(`the demo printed no ${pattern} within ${timeoutMs} ms:\n${tail()}`)),
          timeoutMs,
        );
        waiters.add(onLine);
        exited.then(() =>
          done(new Error(`the demo exited before printing ${pattern}:\n${tail()}`)),
        );
      });
    },
    async stop(graceMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
