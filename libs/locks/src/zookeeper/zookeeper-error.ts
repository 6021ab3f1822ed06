import zookeeper from 'node-zookeeper-client';

const { Exception } = zookeeper;

/** Whether `error` is a ZooKeeper exception with `code` (e.g. `zookeeper.Exception.NO_NODE`). */
export function isZooKeeperError(error: unknown, code: number): boolean {
  return zooKeeperErrorCode(error) === code;
}

/** The ZooKeeper error code of `error`, or undefined when it is not a ZooKeeper exception. */
export function zooKeeperErrorCode(error: unknown): number | undefined {
  const getCode = (error as { getCode?: unknown } | null | undefined)?.getCode;
  return typeof getCode === 'function' ? (getCode.call(error) as number) : undefined;
}

/** Error replies that came from the server itself: like a success, they prove the session alive. */
const SERVER_ANSWERS = new Set([
  Exception.NO_NODE,
  Exception.NODE_EXISTS,
  Exception.NOT_EMPTY,
  Exception.BAD_VERSION,
]);

/** Whether a request ended in an answer from the server (success or one of its refusals). */
export function isServerAnswer(error: unknown): boolean {
  if (!error) return true;
  const code = zooKeeperErrorCode(error);
  return code !== undefined && SERVER_ANSWERS.has(code);
}
