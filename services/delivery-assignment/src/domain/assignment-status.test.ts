import { describe, expect, it } from 'vitest';
import { AssignmentNotActiveError, assertCanEnd } from './assignment-status.js';

describe('assignment status', () => {
  it('only an assignment in progress can end; any other status refuses with ASSIGNMENT_NOT_ACTIVE and names it', () => {
    expect(() => assertCanEnd('o', 'assigned')).not.toThrow();
    for (const status of ['completed', 'released'] as const) {
      try {
        assertCanEnd('o', status);
        expect.unreachable(`a ${status} assignment ended again`);
      } catch (error) {
        expect(error).toBeInstanceOf(AssignmentNotActiveError);
        expect(error).toMatchObject({ code: 'ASSIGNMENT_NOT_ACTIVE', status });
      }
    }
  });
});
