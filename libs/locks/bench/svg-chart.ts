/** One bar group of the chart: a label and a value per series. */
export interface ChartRow {
  label: string;
  values: Record<string, number>;
}

const palette = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948'];

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A dependency-free horizontal grouped bar chart as SVG: one row per subject, one bar per
 * series (e.g. uncontended and contended ops/s), values printed at the bar ends.
 */
export function groupedBarChart(
  title: string,
  unit: string,
  series: string[],
  rows: ChartRow[],
): string {
  const labelWidth = 260;
  const plotWidth = 520;
  const barHeight = 14;
  const groupGap = 10;
  const top = 50;
  const groupHeight = series.length * barHeight + groupGap;
  const height = top + rows.length * groupHeight + 30;
  const max = Math.max(1, ...rows.flatMap((r) => series.map((s) => r.values[s] ?? 0)));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plotWidth + 110}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  series.forEach((name, i) => {
    const x = labelWidth + i * 170;
    parts.push(
      `<rect x="${x}" y="30" width="12" height="12" fill="${palette[i % palette.length]}"/>`,
    );
    parts.push(`<text x="${x + 16}" y="40">${escapeXml(name)}</text>`);
  });
  rows.forEach((row, r) => {
    const y0 = top + r * groupHeight;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y0 + (series.length * barHeight) / 2 + 4}" text-anchor="end">${escapeXml(row.label)}</text>`,
    );
    series.forEach((name, i) => {
      const value = row.values[name];
      if (value === undefined || Number.isNaN(value)) return;
      const width = Math.max(1, (value / max) * plotWidth);
      const y = y0 + i * barHeight;
      parts.push(
        `<rect x="${labelWidth}" y="${y}" width="${width.toFixed(1)}" height="${barHeight - 2}" fill="${palette[i % palette.length]}"/>`,
      );
      parts.push(
        `<text x="${labelWidth + width + 4}" y="${y + barHeight - 4}">${Math.round(value)} ${unit}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}
