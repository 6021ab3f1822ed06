import { ConfigError } from '../errors/config-error.js';

/** EX_CONFIG from sysexits.h: lets a supervisor tell "fix the config" from a crash. */
export const configErrorExitCode = 78;

/** What {@link exitOnConfigError} writes to and exits through; replaced in tests. */
export interface ExitIo {
  /** Writes one line to stderr. */
  writeError: (text: string) => void;
  /** Ends the process with a code. */
  exit: (code: number) => void;
}

const processIo: ExitIo = {
  writeError: (text) => process.stderr.write(`${text}\n`),
  exit: (code) => process.exit(code),
};

/**
 * Runs main.ts's body; if it throws a {@link ConfigError}, prints every problem to stderr
 * (plain text: the logger may not exist yet, since its level is itself config) and exits
 * with {@link configErrorExitCode}. Any other error is rethrown unchanged.
 */
export async function exitOnConfigError<T>(
  main: () => T | Promise<T>,
  io: ExitIo = processIo,
): Promise<T | undefined> {
  try {
    return await main();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.writeError(error.message);
    io.exit(configErrorExitCode);
    return undefined;
  }
}
