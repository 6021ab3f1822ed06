/** What {@link startTelemetry} needs; services fill it from their validated config. */
export interface TelemetryOptions {
  /** `service.name` on every span and metric (`payment`, `inventory`, ...). */
  serviceName: string;
  /** `service.instance.id`: tells replicas of one service apart in Jaeger and Prometheus. */
  instanceId: string;
  /**
   * Base URL of an OTLP/HTTP receiver (Jaeger, a collector, the test receiver), e.g.
   * `http://127.0.0.1:4318`; spans go to `<otlpEndpoint>/v1/traces`. Unset: no spans are
   * exported, while instrumentation, context propagation and metrics keep working.
   */
  otlpEndpoint?: string | undefined;
  /**
   * Share of new traces recorded, 0..1; default 1. A span with a parent follows its parent's
   * decision, so one order is traced across every service or not at all.
   */
  sampleRatio?: number | undefined;
  /**
   * Also serve `/metrics` on this port (1..65535; the exporter would read 0 as its default
   * 9464) from a server of its own. Unset, the usual case: mount
   * {@link Telemetry.metricsHandler} on the service's HTTP app instead.
   */
  metricsPort?: number | undefined;
  /**
   * Also instrument kafkajs; default false. Its producer spans replace the trace context each
   * outbox event carries with the relay's, breaking one-order-one-trace, unless the relay
   * sends every message inside the context stored with it. Consumer spans come from
   * @lockstep/events regardless.
   */
  instrumentKafkajs?: boolean | undefined;
  /** False: start nothing; every API call stays a no-op and `/metrics` is empty. Default true. */
  enabled?: boolean | undefined;
  /** Longest {@link Telemetry.shutdown} waits for the last spans to leave; default 3000 ms. */
  shutdownTimeoutMs?: number | undefined;
  /**
   * Where OpenTelemetry's own problems go (an unreachable collector, an instrumentation that
   * did not load), one line each, SDK errors at most once a minute; default stderr. Pass the
   * service logger.
   */
  diagnostics?: ((message: string) => void) | undefined;
}
