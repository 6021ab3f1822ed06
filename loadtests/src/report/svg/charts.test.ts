import { describe, expect, it } from 'vitest';
import { lineChart } from './line-chart.ts';
import { stackedBarChart } from './stacked-bar-chart.ts';

const options = { title: 'A <chart> & its title', yLabel: 'ms' };

describe('lineChart', () => {
  it('breaks a line where a second has no value and draws a lone value as a dot', () => {
    const svg = lineChart(
      [{ name: 'p95', color: 'red', values: [1, 2, null, 4, null, 5, 6] }],
      options,
    );
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(1);
  });

  it('on a log axis, labels every decade from the smallest to the largest value', () => {
    const svg = lineChart([{ name: 'p95', color: 'red', values: [3, 250, 4_000] }], {
      ...options,
      logY: true,
    });
    for (const tick of ['>1<', '>10<', '>100<', '>1k<', '>10k<']) expect(svg).toContain(tick);
  });

  it('escapes the title and series names', () => {
    const svg = lineChart([{ name: '<b>', color: 'red', values: [1, 2] }], options);
    expect(svg).toContain('A &lt;chart&gt; &amp; its title');
    expect(svg).toContain('&lt;b&gt;');
    expect(svg).not.toContain('<b>');
  });
});

describe('stackedBarChart', () => {
  it('stacks each second bottom-up, a segment per non-zero value, as tall as its value', () => {
    const svg = stackedBarChart(
      [
        { name: '201', color: 'green', values: [2, 0] },
        { name: '409', color: 'orange', values: [2, 4] },
      ],
      options,
    );
    const heights = [...svg.matchAll(/<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)"/g)]
      .filter((m) => Number(m[2]) > 20)
      .map((m) => ({ y: Number(m[1]), height: Number(m[2]) }));
    expect(heights).toHaveLength(3);
    const [first, second, third] = heights;
    // Second 0: 201 at the bottom, 409 on top of it, each half of second 1's single 409 bar.
    expect(first?.height).toBeCloseTo(second?.height ?? 0, 1);
    expect(second?.y ?? 0).toBeLessThan(first?.y ?? 0);
    expect(third?.height).toBeCloseTo((first?.height ?? 0) * 2, 1);
    expect(svg).toContain('<title>409: 4 in second 1</title>');
  });
});
