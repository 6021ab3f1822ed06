import {
  context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';
import type { EventEnvelope } from '../definitions/event-envelope.js';
import { extractTraceContext } from '../kafka/trace-headers.js';

/** Where a message being processed came from, for the span's attributes. */
export interface ProcessTarget {
  /** The decoded event. */
  event: EventEnvelope;
  /** Topic, partition and offset of the message. */
  topic: string;
  partition: number;
  offset: string;
  /** The message headers carrying the producer's trace context. */
  headers: IHeaders | undefined;
  /** The consumer group. */
  groupId: string;
}

/**
 * Runs `work` inside a `<type> process` span (kind CONSUMER) whose parent is the trace
 * context the producer saved with the event, with that span active, so everything the
 * handler does (and every event it enqueues) joins the producer's trace. The context is
 * extracted over ROOT rather than the active context: the consumer loop's own context is not
 * part of this event's story.
 */
export async function traceProcessing<T>(
  target: ProcessTarget,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = extractTraceContext(target.headers, ROOT_CONTEXT);
  // Looked up per message, not at import: an SDK registered after this module loaded (or
  // re-registered, as tests do) must still receive the spans.
  const span = trace.getTracer('@lockstep/events').startSpan(
    `${target.event.type} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': target.topic,
        'messaging.destination.partition.id': String(target.partition),
        'messaging.kafka.offset': Number(target.offset),
        'messaging.kafka.message.key': target.event.key,
        'messaging.message.id': target.event.id,
        'messaging.consumer.group.name': target.groupId,
        'lockstep.event.type': target.event.type,
        'lockstep.event.version': target.event.version,
      },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
