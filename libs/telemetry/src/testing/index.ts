export type { MetricPoint, MetricsProbe } from './metrics-probe.js';
export { startMetricsProbe } from './metrics-probe.js';
export type { OtlpReceiver, OtlpReceiverOptions } from './otlp-receiver.js';
export { startOtlpReceiver } from './otlp-receiver.js';
export type { OtlpTraceRequest } from './otlp-trace-request.js';
export type {
  PlainAttributes,
  PlainValue,
  ReceivedSpan,
  ReceivedSpanKind,
} from './received-span.js';
export { receivedSpans } from './received-span.js';
