import { escapeHtml } from '../html.js';

/** One named series of a chart: a value per second, null where there is none. */
export interface ChartSeries {
  name: string;
  /** A CSS colour. */
  color: string;
  values: ReadonlyArray<number | null>;
  /** Draw the line dashed (e.g. a p50 beside its p95). */
  dashed?: boolean;
}

/** What every chart is told. */
export interface ChartOptions {
  title: string;
  /** The y axis's unit, e.g. `ms` or `requests/s`. */
  yLabel: string;
  /** Logarithmic y axis, for latencies that span 1 ms to seconds. */
  logY?: boolean;
}

const width = 760;
const height = 300;
const margin = { top: 34, right: 16, bottom: 62, left: 64 };
/** The plotting area, inside the axes. */
export const plot = {
  left: margin.left,
  top: margin.top,
  width: width - margin.left - margin.right,
  height: height - margin.top - margin.bottom,
};

/** Maps a second and a value to SVG coordinates, and draws the frame around the plot. */
export class ChartFrame {
  private readonly ticks: number[];
  private readonly top: number;
  private readonly bottom: number;

  constructor(
    private readonly options: ChartOptions,
    /** How many seconds the x axis spans. */
    private readonly seconds: number,
    /** The largest value to fit (and, for a log axis, the smallest above zero). */
    range: { max: number; min?: number },
  ) {
    if (options.logY) {
      const low = Math.floor(Math.log10(Math.max(range.min ?? 1, 0.1)));
      const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(range.max, 1))));
      this.ticks = Array.from({ length: high - low + 1 }, (_, i) => 10 ** (low + i));
    } else {
      this.ticks = linearTicks(range.max);
    }
    this.bottom = this.ticks[0] ?? 0;
    this.top = this.ticks.at(-1) ?? 1;
  }

  /** The x coordinate of the middle of second `s`. */
  x(s: number): number {
    return plot.left + ((s + 0.5) / Math.max(1, this.seconds)) * plot.width;
  }

  /** The width of one second's slot. */
  get slot(): number {
    return plot.width / Math.max(1, this.seconds);
  }

  /** The y coordinate of a value (clamped to the axis). */
  y(value: number): number {
    const fraction = this.options.logY
      ? (Math.log10(Math.max(value, this.bottom)) - Math.log10(this.bottom)) /
        (Math.log10(this.top) - Math.log10(this.bottom))
      : (value - this.bottom) / (this.top - this.bottom);
    return plot.top + plot.height * (1 - Math.min(1, Math.max(0, fraction)));
  }

  /** The whole SVG: title, grid, axes and legend around `body`. */
  render(body: string, legend: readonly ChartSeries[]): string {
    const grid = this.ticks
      .map((tick) => {
        const y = this.y(tick).toFixed(1);
        return `<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${y}" y2="${y}" class="grid"/><text x="${plot.left - 6}" y="${y}" dy="4" text-anchor="end">${formatTick(tick)}</text>`;
      })
      .join('');
    const every = Math.max(1, Math.ceil(this.seconds / 10));
    const xTicks = Array.from({ length: this.seconds }, (_, s) => s)
      .filter((s) => s % every === 0)
      .map(
        (s) =>
          `<text x="${this.x(s).toFixed(1)}" y="${plot.top + plot.height + 16}" text-anchor="middle">${s}</text>`,
      )
      .join('');
    // Keys side by side, each as wide as its name (about 7 px a character at 12 px).
    let keyX = plot.left;
    const keys = legend
      .map((series) => {
        const x = keyX;
        const y = height - 12;
        keyX += 28 + series.name.length * 7;
        const swatch = series.dashed
          ? `<line x1="${x}" x2="${x + 12}" y1="${y - 4}" y2="${y - 4}" stroke="${series.color}" stroke-width="2" stroke-dasharray="3 2"/>`
          : `<rect x="${x}" y="${y - 9}" width="12" height="10" fill="${series.color}"/>`;
        return `${swatch}<text x="${x + 16}" y="${y}">${escapeHtml(series.name)}</text>`;
      })
      .join('');
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(this.options.title)}" class="chart">
<text x="${plot.left}" y="18" class="title">${escapeHtml(this.options.title)}</text>
<text x="14" y="${plot.top + plot.height / 2}" transform="rotate(-90 14 ${plot.top + plot.height / 2})" text-anchor="middle">${escapeHtml(this.options.yLabel)}</text>
${grid}
<line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.top + plot.height}" class="axis"/>
<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${plot.top + plot.height}" y2="${plot.top + plot.height}" class="axis"/>
${xTicks}<text x="${plot.left + plot.width}" y="${plot.top + plot.height + 32}" text-anchor="end">seconds since the first arrival</text>
${body}
${keys}
</svg>`;
  }
}

/** 0 and four or five round steps up to at least `max`. */
function linearTicks(max: number): number[] {
  const top = Math.max(max, 1);
  const raw = top / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks = [0];
  while ((ticks.at(-1) ?? 0) < top) ticks.push((ticks.at(-1) ?? 0) + step);
  return ticks;
}

function formatTick(value: number): string {
  if (value >= 1000 && value % 1000 === 0) return `${value / 1000}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
