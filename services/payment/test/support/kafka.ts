import { type Kafka, type KafkaMessage, Partitioners, type Producer } from 'kafkajs';

/** A plain producer for putting hand-made messages on the shared topics. */
export async function connectedProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}

/** The envelope of a recorded event message. */
export function envelopeOf(message: KafkaMessage): {
  id: string;
  type: string;
  // biome-ignore lint/suspicious/noExplicitAny: payload shape differs per event type
  payload: any;
} {
  return JSON.parse(message.value?.toString() ?? 'null');
}
