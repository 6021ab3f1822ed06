/**
 * Names of the nodes the ZooKeeper recipes create. A queue node is `_c_<protectionId>-lock-`
 * plus the 10-digit sequence the server appends. The protection id (a UUID per acquire) is what
 * lets a client find its own node again after a create whose answer was lost with the
 * connection, as Curator's `withProtection()` does.
 */

const LOCK_NODE = /^_c_([0-9a-f-]{36})-lock-(-?\d+)$/;

/** Characters kept as they are in a resource's node name; everything else is percent-encoded. */
const SAFE = /[A-Za-z0-9_.:@+=,-]/;
const ALL_SAFE = /^[A-Za-z0-9_.:@+=,-]*[A-Za-z0-9_:@+=,-][A-Za-z0-9_.:@+=,-]*$/;

/** The name prefix a create under `protectionId` uses; the server appends the sequence. */
export function lockNodePrefix(protectionId: string): string {
  return `_c_${protectionId}-lock-`;
}

/** A parsed queue node name. */
export interface LockNodeName {
  /** The full child name, e.g. `_c_<uuid>-lock-0000000042`. */
  name: string;
  /** The UUID of the acquire that created it. */
  protectionId: string;
  /** The server-assigned sequence number (32-bit, per parent). */
  sequence: number;
}

/** Parses a child name; null for anything that is not a queue node (it then takes no part). */
export function parseLockNode(name: string): LockNodeName | null {
  const match = LOCK_NODE.exec(name);
  if (!match?.[1] || match[2] === undefined) return null;
  return { name, protectionId: match[1], sequence: Number(match[2]) };
}

/**
 * The queue in order: queue nodes only, sorted by their sequence suffix. Sorting whole names
 * would order by protection id (a random UUID) and break FIFO.
 */
export function sortLockNodes(children: readonly string[]): LockNodeName[] {
  return children
    .map(parseLockNode)
    .filter((node): node is LockNodeName => node !== null)
    .sort((a, b) => a.sequence - b.sequence);
}

/**
 * A resource as one valid, reversible ZooKeeper node name: `/`, control and non-ASCII characters
 * and `%` are percent-encoded (UTF-8), and names made only of dots (`.`, `..`, which ZooKeeper
 * refuses) have their dots encoded. Distinct resources always get distinct names.
 */
export function encodeResource(resource: string): string {
  // The common case (`sku:42`) needs no encoding: safe characters, not only dots.
  if (ALL_SAFE.test(resource)) return resource;
  let encoded = '';
  for (const char of resource) {
    encoded += SAFE.test(char) ? char : encodeUtf8(char);
  }
  return /^\.+$/.test(encoded) ? encoded.replaceAll('.', '%2E') : encoded;
}

function encodeUtf8(char: string): string {
  return [...Buffer.from(char, 'utf8')]
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}

/** Joins a parent path and a child name (`/` as parent gives `/child`). */
export function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** The parent of an absolute path (`/` for top-level nodes). */
export function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** The last segment of an absolute path. */
export function nodeName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
