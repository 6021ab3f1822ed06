/** Reading a Prometheus text exposition, as a scrape of a replica's `/metrics` returns it. */

/** GET `<url>/metrics`; throws unless it answers 200 with the text format. */
export async function scrapeMetrics(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (response.status !== 200 || !response.headers.get('content-type')?.startsWith('text/plain')) {
    throw new Error(`GET ${url}/metrics answered ${response.status}: ${text.slice(0, 200)}`);
  }
  return text;
}

/** One sample line: its series name, labels and value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Every sample of an exposition (comments and blank lines skipped). */
export function samples(text: string): Sample[] {
  const result: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = sampleLine.exec(line);
    if (match === null) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(labelPair)) {
      if (key !== undefined) labels[key] = value ?? '';
    }
    result.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return result;
}

/** The series names an exposition has samples for (`lock_wait_duration_bucket`, ...). */
export function seriesNames(text: string): Set<string> {
  return new Set(samples(text).map((sample) => sample.name));
}

/** The samples of series `name` whose labels include every pair of `labels`. */
export function matching(
  all: readonly Sample[],
  name: string,
  labels: Record<string, string>,
): Sample[] {
  return all.filter(
    (sample) =>
      sample.name === name &&
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}
