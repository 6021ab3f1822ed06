import { Topics } from '@lockstep/contracts';
import { DeadLetterHeader, deadLetterTopicOf, headerText } from '@lockstep/events';
import type { Kafka } from 'kafkajs';
import { TopicRecorder } from './topic-recorder.js';

/** Collects the dead letters one consumer group produced on a topic's `.dlq` (payment-results'). */
export class DeadLetterWatch extends TopicRecorder {
  /**
   * `consumerName` is the dead-lettering consumer's; the watch's own group starts with
   * `groupPrefix`; `topic` is the one whose dead letters are watched. The dead-letter topic is
   * read from its start (filtering on the consumer header), so no letter written while the
   * group is still being assigned can be skipped.
   */
  constructor(
    kafka: Kafka,
    consumerName: string,
    groupPrefix: string,
    topic: string = Topics.paymentResults,
  ) {
    super(kafka, deadLetterTopicOf(topic), {
      groupPrefix,
      fromBeginning: true,
      accept: (message) => headerText(message.headers, DeadLetterHeader.consumer) === consumerName,
    });
  }
}
