import { escapeHtml } from '../html.js';
import { ChartFrame, type ChartOptions, type ChartSeries } from './chart-frame.js';

/**
 * One bar per second, its series stacked bottom-up in the order given, as a standalone SVG.
 * Each segment's tooltip names the series, the second and the count.
 */
export function stackedBarChart(series: readonly ChartSeries[], options: ChartOptions): string {
  const seconds = Math.max(0, ...series.map((s) => s.values.length));
  const totals = Array.from({ length: seconds }, (_, second) =>
    series.reduce((sum, s) => sum + (s.values[second] ?? 0), 0),
  );
  const frame = new ChartFrame(options, seconds, { max: Math.max(0, ...totals) });
  const barWidth = Math.max(1, frame.slot * 0.8);
  const segments: string[] = [];
  for (let second = 0; second < seconds; second++) {
    let below = 0;
    for (const s of series) {
      const value = s.values[second] ?? 0;
      if (value <= 0) continue;
      const top = frame.y(below + value);
      const height = frame.y(below) - top;
      below += value;
      segments.push(
        `<rect x="${(frame.x(second) - barWidth / 2).toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" fill="${s.color}"><title>${escapeHtml(`${s.name}: ${value} in second ${second}`)}</title></rect>`,
      );
    }
  }
  return frame.render(segments.join('\n'), series);
}
