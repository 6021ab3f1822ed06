import {
  type EnvelopeOf,
  EventCatalog,
  EventConsumer,
  type EventConsumerOptions,
  type EventDelivery,
  type EventHandler,
  type EventLogger,
} from '@lockstep/events';
import { assertChargeMatches, type RecordedCharge } from './charge-check.js';
import { paymentCompleted, paymentFailed, paymentRefunded } from './payment-events.js';

// Every event type on payment-results, so none of them is dead-lettered as unknown.
const definitions = [paymentCompleted, paymentFailed, paymentRefunded] as const;

/** The definitions of the events on payment-results. */
export type PaymentResultEvent = (typeof definitions)[number];

const catalog = new EventCatalog<PaymentResultEvent>(definitions);

/** One payment outcome for a saga's entity (`id` is the order or booking id). */
export type PaymentResult =
  | { kind: 'completed'; id: string }
  | { kind: 'failed'; id: string; reason: string }
  | { kind: 'refunded'; id: string };

/**
 * What settling a payment result did: the entity's new status, or why nothing changed
 * (`unknown`: this database has no such entity, the topic being shared by every saga and test
 * run; `no-effect`: the entity is past this result already, e.g. a late duplicate).
 */
export type SettleResult<Status extends string> = Status | 'unknown' | 'no-effect';

/** The database transaction a handler runs in (with the event's dedupe record). */
export type ConsumerTransaction = Parameters<EventHandler<unknown>>[1];

/** The pool a consumer keeps its dedupe records in. */
type DatabasePool = EventConsumerOptions<PaymentResultEvent>['pool'];

/** A logger that binds a component to its lines, as pino's `child` does. */
export interface ComponentLogger {
  /** A logger whose every line carries `bindings`. */
  child(bindings: { component: string }): EventLogger;
}

/** What a saga owner's service builds its payment-results consumer from. */
export interface SagaConsumerOptions<Deps extends { pool: DatabasePool }> {
  /** Kafka client the consumer is made from. */
  kafka: EventConsumerOptions<PaymentResultEvent>['kafka'];
  /** The service's use-case dependencies; `deps.pool` holds the dedupe records. */
  deps: Deps;
  /** Consumer group and dedupe namespace (KAFKA_GROUP_ID). */
  groupId: string;
  /** Where a new group starts (KAFKA_FROM_BEGINNING). */
  fromBeginning: boolean;
  /** Bound to `component: payment-results-consumer` for the consumer and each outcome. */
  logger: ComponentLogger;
}

/** A saga entity as `findCharge` read it, with the charge it asked payment for. */
export interface RecordedEntity<Entity> {
  /** The order or booking row, read without a lock in the consumer's transaction. */
  record: Entity;
  /** What the entity asked payment to charge. */
  charge: RecordedCharge;
}

/** Options for {@link createPaymentResultsConsumer}: the service's own settle mapping. */
export interface PaymentResultsConsumerOptions<
  Deps extends { pool: DatabasePool },
  Status extends string,
  Entity,
> extends SagaConsumerOptions<Deps> {
  /** Whose payments this service settles; outcomes for the other saga are ignored. */
  referenceKind: 'order' | 'booking';
  /**
   * Entity `id` and the charge this service asked for on its behalf, read from its own records
   * in the consumer's transaction; undefined when this database has no such entity. An outcome
   * that names another payment id, wallet, amount or currency is dead-lettered (EVENT_MISMATCH)
   * before `settle` runs.
   */
  findCharge(id: string, tx: ConsumerTransaction): Promise<RecordedEntity<Entity> | undefined>;
  /**
   * Applies one outcome in the consumer's transaction (confirm or release what it held) and
   * says what it did. `snapshot` is the entity `findCharge` read, unlocked: settle takes its
   * locks and re-reads what it changes under them.
   */
  settle(
    result: PaymentResult,
    tx: ConsumerTransaction,
    snapshot: Entity,
  ): Promise<SettleResult<Status>>;
  /** True when `status` ends the saga for its entity (confirmed, cancelled, ...). */
  isTerminal(status: Status): boolean;
  /** Counts a terminal status; runs only once the transaction has committed. */
  onTerminal(status: Status): void;
}

/**
 * The consumer a saga's owner runs on payment-results: each outcome whose reference is of
 * `referenceKind` is checked against the charge the service recorded (`findCharge`) and
 * settled in the same transaction as the event's dedupe record; the other saga's outcomes (the
 * topic is shared) are acknowledged without even a transaction. An outcome that does not match the recorded
 * charge throws EventMismatchError before anything is written, so the library dead-letters it
 * with the field, what we asked for and what came, and counts and logs it at warn. Each
 * applied outcome is logged at debug; a terminal one is counted by `onTerminal` after commit,
 * never for a transaction that rolls back.
 */
export function createPaymentResultsConsumer<
  Deps extends { pool: DatabasePool },
  Status extends string,
  Entity,
>(options: PaymentResultsConsumerOptions<Deps, Status, Entity>): EventConsumer<PaymentResultEvent> {
  const { referenceKind, findCharge, settle, isTerminal, onTerminal, deps, logger, ...consumer } =
    options;
  const log = logger.child({ component: 'payment-results-consumer' });
  const apply = async (
    event: EnvelopeOf<PaymentResultEvent>,
    result: PaymentResult,
    tx: ConsumerTransaction,
    delivery: EventDelivery,
  ) => {
    const { reference } = event.payload;
    const found = await findCharge(reference.id, tx);
    if (found !== undefined) {
      assertChargeMatches(
        event.type,
        `${referenceKind} ${reference.id}`,
        found.charge,
        event.payload,
      );
    }
    const applied = found === undefined ? 'unknown' : await settle(result, tx, found.record);
    if (applied !== 'unknown' && applied !== 'no-effect' && isTerminal(applied)) {
      delivery.afterCommit(() => onTerminal(applied));
    }
    log.debug?.(
      {
        [`${referenceKind}Id`]: result.id,
        outcome: result.kind,
        result: applied,
        attempt: delivery.attempt,
      },
      'payment result applied',
    );
  };
  return new EventConsumer({
    name: 'payment-results-consumer',
    ...consumer,
    pool: deps.pool,
    logger: log,
    catalog,
    // The other saga's outcomes: acknowledged without a transaction or a dedupe record.
    relevant: (event) => event.payload.reference.kind === referenceKind,
    handlers: {
      'payment.completed': (event, tx, delivery) =>
        apply(event, { kind: 'completed', id: event.payload.reference.id }, tx, delivery),
      'payment.failed': (event, tx, delivery) =>
        apply(
          event,
          { kind: 'failed', id: event.payload.reference.id, reason: event.payload.reason },
          tx,
          delivery,
        ),
      'payment.refunded': (event, tx, delivery) =>
        apply(event, { kind: 'refunded', id: event.payload.reference.id }, tx, delivery),
    },
  });
}
