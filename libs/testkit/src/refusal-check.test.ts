import { describe, expect, it } from 'vitest';
import type { ApiResponse } from './http-call.js';
import { refusalCheck } from './refusal-check.js';

const refused = (status: number, code: string, fields: string[] = []): ApiResponse => ({
  status,
  headers: new Headers(),
  body: { error: { code, message: code, details: fields.map((field) => ({ field })) } },
});

describe('refusalCheck', () => {
  it('passes a refusal with its status, code and field that leaves the state alone', async () => {
    const check = refusalCheck(async () => ({ rows: 3 }));
    const response = await check(
      async () => refused(400, 'VALIDATION_FAILED', ['name']),
      400,
      'VALIDATION_FAILED',
      'name',
    );
    expect(response.status).toBe(400);
  });

  it('fails a refusal that wrote something, and one with another code or field', async () => {
    let rows = 0;
    const check = refusalCheck(async () => ({ rows }));
    const writing = async () => {
      rows += 1;
      return refused(409, 'EXISTS');
    };
    await expect(check(writing, 409, 'EXISTS')).rejects.toThrow();
    await expect(check(async () => refused(409, 'EXISTS'), 409, 'BUSY')).rejects.toThrow();
    await expect(
      check(async () => refused(400, 'VALIDATION_FAILED', ['a']), 400, 'VALIDATION_FAILED', 'b'),
    ).rejects.toThrow();
  });
});
