import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';

interface ServerMessage {
  request: IncomingMessage;
  response: ServerResponse;
}

/** Server-side durations of the answers to one path, collected in this process. */
export interface ServerTimes {
  /** Milliseconds from request start to response finish, one per answer, in arrival order. */
  readonly samples: number[];
  /** Stops collecting. */
  stop(): void;
}

/**
 * Times every answer to `path` inside the in-process replicas, from the moment Node parsed the
 * request to the moment the response finished, through Node's own HTTP diagnostics channels:
 * what the service spends on an answer, without the client's and the loopback's share. No
 * service code is touched, so the benchmark measures the code that runs in production.
 */
export function recordServerTimes(path: string): ServerTimes {
  const started = new WeakMap<ServerResponse, number>();
  const samples: number[] = [];
  const onStart = (message: unknown) => {
    const { request, response } = message as ServerMessage;
    if (request.url === path) started.set(response, performance.now());
  };
  const onFinish = (message: unknown) => {
    const { response } = message as ServerMessage;
    const t0 = started.get(response);
    if (t0 !== undefined) samples.push(performance.now() - t0);
  };
  subscribe('http.server.request.start', onStart);
  subscribe('http.server.response.finish', onFinish);
  return {
    samples,
    stop: () => {
      unsubscribe('http.server.request.start', onStart);
      unsubscribe('http.server.response.finish', onFinish);
    },
  };
}
