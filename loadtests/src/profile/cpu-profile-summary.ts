/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) that a summary needs. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one bucket, in milliseconds and as a share of the profile. */
export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Self time by owner (package, our library, Node internals, GC) and by function. */
export interface ProfileSummary {
  totalMs: number;
  byOwner: SelfTime[];
  byFunction: SelfTime[];
}

/**
 * Who owns a frame: an npm package (`kafkajs`, `@opentelemetry/sdk-trace-base`), one of our
 * workspaces (`@lockstep/events`, `service:inventory`), a Node built-in (`node:net`), or V8's
 * own buckets (`(garbage collector)`, `(program)`, `(idle)`).
 */
export function frameOwner(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1] ?? url;
  const lib = /\/libs\/([^/]+)\//.exec(url);
  if (lib) return `@lockstep/${lib[1]}`;
  const service = /\/services\/([^/]+)\//.exec(url);
  if (service) return `service:${service[1]}`;
  const internal = /^node:(?:internal\/)?([^/]+)/.exec(url);
  if (internal) return `node:${internal[1]}`;
  return url;
}

/**
 * Sums self time per owner and per function; `top` rows of each, largest first. Samples taken
 * inside the inspector (the profiler being stopped and serializing its result) are left out.
 */
export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const profilerOwn = inspectorSubtree(profile);
  const owners = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id);
    if (frame === undefined || us <= 0 || profilerOwn.has(id)) return;
    totalUs += us;
    const owner = frameOwner(frame.url, frame.functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    const where = frame.url.split('/').slice(-2).join('/');
    const name = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  });
  const rank = (map: Map<string, number>): SelfTime[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: totalUs === 0 ? 0 : us / totalUs }));
  return { totalMs: totalUs / 1000, byOwner: rank(owners), byFunction: rank(functions) };
}

/** Ids of the nodes under a `node:inspector` frame: the profiler's own work. */
function inspectorSubtree(profile: CpuProfile): Set<number> {
  const children = new Map(profile.nodes.map((node) => [node.id, node.children ?? []]));
  const found = new Set<number>();
  const mark = (id: number) => {
    if (found.has(id)) return;
    found.add(id);
    for (const child of children.get(id) ?? []) mark(child);
  };
  for (const node of profile.nodes) if (node.callFrame.url === 'node:inspector') mark(node.id);
  return found;
}
