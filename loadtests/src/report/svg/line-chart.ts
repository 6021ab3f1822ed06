import { escapeHtml } from '../html.js';
import { ChartFrame, type ChartOptions, type ChartSeries } from './chart-frame.js';

/**
 * Lines over seconds, one per series, as a standalone SVG. A null value breaks its line (no
 * answer of that outcome in that second); a lone value between gaps is drawn as a dot.
 */
export function lineChart(series: readonly ChartSeries[], options: ChartOptions): string {
  const seconds = Math.max(0, ...series.map((s) => s.values.length));
  const present = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const positive = present.filter((v) => v > 0);
  const frame = new ChartFrame(options, seconds, {
    max: Math.max(0, ...present),
    min: positive.length > 0 ? Math.min(...positive) : 1,
  });
  const body = series
    .map((s) => {
      const runs: string[][] = [[]];
      s.values.forEach((value, second) => {
        if (value === null) {
          if ((runs.at(-1) ?? []).length > 0) runs.push([]);
          return;
        }
        runs.at(-1)?.push(`${frame.x(second).toFixed(1)},${frame.y(value).toFixed(1)}`);
      });
      const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
      return runs
        .filter((points) => points.length > 0)
        .map((points) => {
          if (points.length === 1) {
            const [x, y] = (points[0] ?? '0,0').split(',');
            return `<circle cx="${x}" cy="${y}" r="2.5" fill="${s.color}"><title>${escapeHtml(s.name)}</title></circle>`;
          }
          return `<polyline points="${points.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${dash}><title>${escapeHtml(s.name)}</title></polyline>`;
        })
        .join('\n');
    })
    .join('\n');
  return frame.render(body, series);
}
