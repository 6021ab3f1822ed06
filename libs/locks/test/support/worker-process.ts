import { fileURLToPath } from 'node:url';
import { startTsxChild, type TsxChild } from '@lockstep/testkit';

const workerPath = fileURLToPath(new URL('./lock-worker.ts', import.meta.url));

/** A lock-worker child process and the JSON events it prints. */
export type WorkerProcess = TsxChild;

/** Starts test/support/lock-worker.ts under tsx with the given arguments. */
export function startWorker(args: string[]): WorkerProcess {
  return startTsxChild(workerPath, args, 'worker');
}
