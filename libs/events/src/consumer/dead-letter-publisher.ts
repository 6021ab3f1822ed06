import { type IHeaders, type Kafka, type KafkaMessage, Partitioners, type Producer } from 'kafkajs';
import { EventError, EventErrorCode } from '../errors/index.js';
import { deadLetterTopicOf } from '../kafka/ensure-topics.js';
import { DeadLetterHeader } from '../kafka/headers.js';

/**
 * Why a message was dead-lettered: it is not a valid event (`invalid`), the catalog does not
 * know its type and version (`unknown-type`), its handler failed every attempt
 * (`handler-failed`), its handler said retrying cannot help (`non-retryable`), it does not
 * match what the consumer's records say it asked for (`mismatch`, code EVENT_MISMATCH), or it
 * reuses a processed event id with other content (`id-conflict`, code EVENT_ID_CONFLICT).
 */
export type DeadLetterReason =
  | 'invalid'
  | 'unknown-type'
  | 'handler-failed'
  | 'non-retryable'
  | 'mismatch'
  | 'id-conflict';

/** A message a consumer gives up on, with where it came from and why. */
export interface DeadLetter {
  /** Topic the message was read from; it goes to `<topic>.dlq`. */
  topic: string;
  /** Partition the message was read from. */
  partition: number;
  /** The message exactly as received: its key, value and headers are kept byte for byte. */
  message: Pick<KafkaMessage, 'key' | 'value' | 'headers' | 'offset'>;
  /** Why it is dead-lettered. */
  reason: DeadLetterReason;
  /** The last error. */
  error: unknown;
  /** Handler runs made (0 when the message never reached a handler). */
  attempts: number;
  /** The consumer (dedupe namespace) giving up. */
  consumer: string;
}

/** Longest `dlq-error` header kept; a stack-sized message would bloat every dead letter. */
const maxErrorLength = 2_000;

/** The original headers plus the `dlq-*` headers describing a dead letter. */
export function deadLetterHeaders(letter: DeadLetter, failedAt: Date = new Date()): IHeaders {
  const error = letter.error;
  const message = error instanceof Error ? error.message : String(error);
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : undefined;
  return {
    ...letter.message.headers,
    [DeadLetterHeader.reason]: letter.reason,
    [DeadLetterHeader.error]: message.slice(0, maxErrorLength),
    ...(code === undefined ? {} : { [DeadLetterHeader.errorCode]: code }),
    [DeadLetterHeader.attempts]: String(letter.attempts),
    [DeadLetterHeader.consumer]: letter.consumer,
    [DeadLetterHeader.originalTopic]: letter.topic,
    [DeadLetterHeader.originalPartition]: String(letter.partition),
    [DeadLetterHeader.originalOffset]: letter.message.offset,
    [DeadLetterHeader.failedAt]: failedAt.toISOString(),
  };
}

/**
 * Publishes dead letters to `<topic>.dlq` with their original key, so a replay tool can put
 * them back in order. Its own idempotent producer keeps a retried send from duplicating.
 */
export class DeadLetterPublisher {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /** Connects the producer. */
  async connect(): Promise<void> {
    await this.producer.connect();
  }

  /** Disconnects the producer; sends in flight finish first. */
  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  /** Publishes one dead letter; EVENT_BROKER_UNAVAILABLE if Kafka does not take it. */
  async publish(letter: DeadLetter): Promise<void> {
    try {
      await this.producer.send({
        topic: deadLetterTopicOf(letter.topic),
        acks: -1,
        messages: [
          {
            key: letter.message.key,
            value: letter.message.value,
            headers: deadLetterHeaders(letter),
          },
        ],
      });
    } catch (error) {
      throw new EventError(
        EventErrorCode.BrokerUnavailable,
        `could not publish a dead letter to ${deadLetterTopicOf(letter.topic)}`,
        { cause: error },
      );
    }
  }
}
