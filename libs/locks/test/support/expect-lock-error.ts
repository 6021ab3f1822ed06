import { expect } from 'vitest';
import { isLockError, type LockError, type LockErrorCode } from '../../src/index.ts';

/** Awaits `promise`, asserting it rejects with a LockError of `code`; returns that error. */
export async function expectLockError(
  promise: Promise<unknown>,
  code: LockErrorCode,
): Promise<LockError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected ${code}, but the call resolved with ${String(value)}`);
    },
    (e: unknown) => e,
  );
  if (!isLockError(error)) throw error;
  expect(error.code).toBe(code);
  return error;
}
