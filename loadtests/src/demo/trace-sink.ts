import { connect } from 'node:net';
import { type OtlpReceiver, startOtlpReceiver } from '@lockstep/telemetry/testing';

/** Where the demo's replicas send their spans. */
export interface TraceSink {
  /** OTLP/HTTP base URL handed to the replicas. */
  readonly endpoint: string;
  /** The local receiver, when the demo runs one; undefined when a collector was found. */
  readonly receiver: OtlpReceiver | undefined;
  close(): Promise<void>;
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A collector already on the OTLP/HTTP port (Jaeger from docker compose, or any collector) gets
 * the spans; otherwise the demo listens there itself with the local receiver, which keeps them
 * in memory so the demo can print lock contention and one order's trace at the end.
 */
export async function openTraceSink(host: string, port: number): Promise<TraceSink> {
  if (await listening(host, port)) {
    return { endpoint: `http://${host}:${port}`, receiver: undefined, close: async () => {} };
  }
  const receiver = await startOtlpReceiver({ host, port });
  return { endpoint: receiver.url, receiver, close: () => receiver.close() };
}
