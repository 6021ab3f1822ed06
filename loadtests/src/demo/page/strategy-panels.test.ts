import { describe, expect, it } from 'vitest';
import type { PrometheusSample } from './prometheus-query.ts';
import { bucketsOf, strategyPanels, strategyQueries } from './strategy-panels.ts';

const sample = (labels: Record<string, string>, value: number): PrometheusSample => ({
  labels,
  value,
});

describe('strategy panels from Prometheus', () => {
  it('cumulative buckets become counts per bucket, +Inf last', () => {
    const buckets = bucketsOf(
      [
        sample({ lock_strategy: 'etcd', le: '+Inf' }, 10),
        sample({ lock_strategy: 'etcd', le: '5' }, 4),
        sample({ lock_strategy: 'etcd', le: '50' }, 9),
        sample({ lock_strategy: 'zookeeper', le: '5' }, 100),
      ],
      'etcd',
    );
    expect(buckets).toEqual([
      { le: 5, count: 4 },
      { le: 50, count: 5 },
      { le: null, count: 1 },
    ]);
  });

  it('the contended share is contended over outcomes; CAS, which counts neither, has none', () => {
    const panels = strategyPanels({
      wait: [sample({ lock_strategy: 'cas', le: '+Inf' }, 3)],
      hold: [],
      waits: [sample({ lock_strategy: 'cas' }, 3), sample({ lock_strategy: 'etcd' }, 8)],
      outcomes: [sample({ lock_strategy: 'etcd' }, 8)],
      contended: [sample({ lock_strategy: 'etcd' }, 2)],
      lost: [sample({ lock_strategy: 'etcd' }, 1)],
    });
    expect(
      panels.map(({ strategy, acquires, contendedShare, lost }) => [
        strategy,
        acquires,
        contendedShare,
        lost,
      ]),
    ).toEqual([
      ['cas', 3, null, 0],
      ['etcd', 8, 0.25, 1],
    ]);
  });

  it('every query selects the run by its label', () => {
    for (const expr of Object.values(strategyQueries('123_abc'))) {
      expect(expr).toContain('{run="123_abc"}');
    }
  });
});
