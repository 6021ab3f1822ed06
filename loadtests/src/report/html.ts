const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** A two-column table of label and value rows, every cell escaped. */
export function htmlTable(
  rows: ReadonlyArray<readonly [unknown, unknown]>,
  className = '',
): string {
  const body = rows
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  return `<table${className ? ` class="${className}"` : ''}>\n${body}\n</table>`;
}
