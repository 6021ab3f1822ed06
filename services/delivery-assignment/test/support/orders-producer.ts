import { orderConfirmed, Topics } from '@lockstep/contracts';
import { createEnvelope, type EventEnvelope, encodeEvent } from '@lockstep/events';
import { type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import type { Point } from './geo.ts';

/** The payload of an order.confirmed. */
export type ConfirmedOrder = EventEnvelope<ReturnType<typeof orderConfirmed.schema.parse>>;

/** The customer of a test order: derived from its id, so a test can read as them without state. */
export function customerOfOrder(orderId: string): string {
  return `customer-${orderId}`;
}

/** Puts order.confirmed events (and hand-made messages) on the shared `orders` topic. */
export class OrdersProducer {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  /** A new order.confirmed envelope for an order delivered to `deliverTo`. */
  envelope(orderId: string, deliverTo: Point): ConfirmedOrder {
    return createEnvelope(orderConfirmed, {
      orderId,
      sku: 'SKU-TEST',
      quantity: 1,
      customerId: customerOfOrder(orderId),
      amountCents: 1_000,
      deliverTo,
    });
  }

  /** Publishes envelopes exactly as the outbox relay would. */
  async send(envelopes: readonly ConfirmedOrder[]): Promise<void> {
    await this.sendRaw(envelopes.map((envelope) => encodeEvent(envelope)));
  }

  /** Publishes raw messages (malformed ones included) to `orders`. */
  async sendRaw(messages: Message[]): Promise<void> {
    await this.producer.send({ topic: Topics.orders, acks: -1, messages });
  }
}
