import { describe, expect, it } from 'vitest';
import { downServers } from './ensure-stack.ts';

describe('downServers', () => {
  it('reads the servers status.sh reports down, skipping its header', () => {
    const status = `SERVER     STATE ADDRESS                      VERSION                    PID
redis1     up    redis://127.0.0.1:6391       Redis 7.0.15               6603
kafka      down  127.0.0.1:9192               -                          -
postgres   down  postgres://127.0.0.1:5442    -                          -
`;
    expect(downServers(status)).toEqual(['kafka', 'postgres']);
  });

  it('reads nothing from an empty status', () => {
    expect(downServers('')).toEqual([]);
  });
});
