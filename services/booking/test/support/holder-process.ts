import { fileURLToPath } from 'node:url';
import { startTsxChild, type TsxChild } from '@lockstep/testkit';

const holderPath = fileURLToPath(new URL('./seat-holder.ts', import.meta.url));

/** A seat-holder child process and the JSON events it prints. */
export type HolderProcess = TsxChild;

/** Starts test/support/seat-holder.ts under tsx, reading packages from their sources. */
export function startHolder(args: string[]): HolderProcess {
  return startTsxChild(holderPath, args, 'holder');
}
