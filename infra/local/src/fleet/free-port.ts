import { createServer } from 'node:net';

/**
 * A TCP port free on `host` right now: the kernel picks one for a throwaway listener, which is
 * closed before the port is handed out. A replica given PORT=0 would pick its own, but nobody
 * outside could learn which, so the launcher chooses.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('free-port: listener has no TCP address'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
