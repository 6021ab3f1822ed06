import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child process running a TypeScript script under tsx, and the JSON events it prints. */
export interface TsxChild {
  child: ChildProcess;
  /** Resolves with the next event of that name (rejects if the process exits first). */
  next(event: string): Promise<Record<string, unknown>>;
  /** Sends a command line to the child's stdin. */
  send(line: string): void;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** How {@link startTsxChild} starts the process, beyond tsx and the source condition. */
export interface TsxChildOptions {
  /** More Node options, after tsx's loader (e.g. `--import` hooks the script needs first). */
  nodeArgs?: string[];
  /** Environment on top of this process's own. */
  env?: Record<string, string>;
}

/**
 * Starts `scriptPath` under tsx with `args`, reading packages from their sources. The script
 * prints one JSON object per line on stdout, each with an `event` name; other lines (a library
 * printing to stdout) are passed over. `label` names the child in the error raised when it
 * exits before an awaited event. Being a separate process is what lets a test pause it with
 * SIGSTOP.
 */
export function startTsxChild(
  scriptPath: string,
  args: string[],
  label: string,
  options: TsxChildOptions = {},
): TsxChild {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=lockstep-source',
      ...(options.nodeArgs ?? []),
      scriptPath,
      ...args,
    ],
    { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const events: Array<Record<string, unknown>> = [];
  const waiters: Array<{ event: string; resolve: (e: Record<string, unknown>) => void }> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const parsed = parseEvent(line);
    if (parsed === undefined) return;
    const waiter = waiters.findIndex((w) => w.event === parsed.event);
    if (waiter >= 0) waiters.splice(waiter, 1)[0]?.resolve(parsed);
    else events.push(parsed);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    child,
    exited,
    send: (line) => child.stdin?.write(`${line}\n`),
    stderr: () => stderr,
    next: (event) =>
      new Promise((resolve, reject) => {
        const queued = events.findIndex((e) => e.event === event);
        const [ready] = queued >= 0 ? events.splice(queued, 1) : [];
        if (ready !== undefined) return resolve(ready);
        waiters.push({ event, resolve });
        void exited.then((code) =>
          reject(
            new Error(
              `${label} exited (${code}) before "${event}"; stderr:\n${stderr.slice(-2000)}`,
            ),
          ),
        );
      }),
  };
}

/** The JSON object a line holds, or undefined for any other line. */
function parseEvent(line: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    // Not one of the script's events (a library printing to stdout): nothing to wait for.
    return undefined;
  }
}
