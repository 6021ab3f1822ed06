/** One bar: a label and its value. */
export interface Bar {
  label: string;
  value: number;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A dependency-free horizontal bar chart as SVG, values printed at the bar ends. */
export function barChart(title: string, unit: string, bars: Bar[], digits = 0): string {
  const labelWidth = 300;
  const plotWidth = 460;
  const barHeight = 22;
  const top = 40;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plotWidth + 130}" height="${top + bars.length * barHeight + 20}" font-family="sans-serif" font-size="12">`,
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="10" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  bars.forEach((bar, i) => {
    const y = top + i * barHeight;
    const width = Math.max(1, (bar.value / max) * plotWidth);
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 2}" width="${width.toFixed(1)}" height="${barHeight - 6}" fill="${i % 2 ? '#f28e2b' : '#4e79a7'}"/>`,
      `<text x="${labelWidth + width + 4}" y="${y + 15}">${bar.value.toFixed(digits)} ${escapeXml(unit)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
