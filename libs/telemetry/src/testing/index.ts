export type { OtlpReceiver, OtlpReceiverOptions } from './otlp-receiver.js';
export { startOtlpReceiver } from './otlp-receiver.js';
export type {
  PlainAttributes,
  PlainValue,
  ReceivedSpan,
  ReceivedSpanKind,
} from './received-span.js';
