import { expect } from 'vitest';
import { type ApiResponse, errorCode, errorFields } from './http-call.js';

/**
 * Sends `request` and checks it was refused with `status` and `code` (and, when given, that
 * the error's details name `field`), and that nothing was written; resolves with the response.
 */
export type RefusalCheck = (
  request: () => Promise<ApiResponse>,
  status: number,
  code: string,
  field?: string,
) => Promise<ApiResponse>;

/**
 * A {@link RefusalCheck} for one service: `state` reads what its requests could write (row
 * counts, the rows under test), and must read the same before and after a refused request.
 */
export function refusalCheck(state: () => Promise<unknown>): RefusalCheck {
  return async (request, status, code, field) => {
    const before = await state();
    const response = await request();
    expect({ status: response.status, code: errorCode(response) }).toEqual({ status, code });
    if (field !== undefined) expect(errorFields(response)).toContain(field);
    expect(await state()).toEqual(before);
    return response;
  };
}
