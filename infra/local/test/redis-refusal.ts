import { Redis } from 'ioredis';

/** The error a client gets on connecting with `url`: ioredis reports it as an 'error' event. */
export async function refusalOf(url: string): Promise<string> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  const refused = new Promise<string>((resolve) => client.once('error', (e) => resolve(e.message)));
  await client.connect().catch(() => undefined);
  client.disconnect();
  return refused;
}
