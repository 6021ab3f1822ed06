import type { EachBatchPayload } from 'kafkajs';
import type { EventDefinition } from '../definitions/event-definition.js';
import type { MessageProcessor } from './message-processor.js';

/**
 * How offsets reach Kafka: this loop only resolves the offset of each message once it is done,
 * and kafkajs commits what is resolved at the end of every batch, within a long batch as soon
 * as 1 s has passed or 100 offsets were resolved since the last commit, and on every other way
 * out of a batch (a failure, a heartbeat that reports a rebalance). With eachBatchAutoResolve
 * off, kafkajs resolves nothing of its own but the control records of transactions, which carry
 * no events, so a committed offset never runs ahead of a done message. This is simpler than
 * committing ourselves: kafkajs' offset manager already keeps the resolved-but-uncommitted
 * offset per partition, the interval and the threshold, and commits on exits a hand-written
 * commit would each have to remember.
 */
export const batchCommitOptions = {
  autoCommit: true,
  autoCommitInterval: 1_000,
  autoCommitThreshold: 100,
  eachBatchAutoResolve: false,
} as const;

/**
 * Processes one fetched batch of one partition: strictly in order, one message at a time, each
 * resolved only when the processor says it is done (effect or dead letter durable). Returns as
 * soon as the consumer stops, kafkajs stops running, the batch goes stale, or the processor
 * leaves a message unfinished; nothing after that message starts, and what was resolved before
 * it is committed by kafkajs on the way out. Partitions run in parallel only as
 * partitionsConsumedConcurrently allows, each through its own call of this function.
 */
export async function processBatch<D extends EventDefinition>(
  processor: MessageProcessor<D>,
  payload: EachBatchPayload,
  signal: AbortSignal,
): Promise<void> {
  const { batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale } = payload;
  const { topic, partition } = batch;
  for (const message of batch.messages) {
    // Stale means a seek moved the partition; this consumer never seeks, so that committing
    // what is resolved afterwards cannot overwrite a seek position.
    if (signal.aborted || !isRunning() || isStale()) return;
    if (!(await processor.process({ topic, partition, message, heartbeat }))) return;
    resolveOffset(message.offset);
    await commitOffsetsIfNecessary();
    // kafkajs heartbeats only between batches, and a batch of slow messages can outlast the
    // session; it sends at most one per heartbeat interval, so calling it per message is cheap.
    // A rebalance makes it throw: kafkajs commits what is resolved and rejoins.
    await heartbeat();
  }
}
