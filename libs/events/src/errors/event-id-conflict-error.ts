import { EventError, EventErrorCode } from './event-error.js';

/**
 * An event arrived under an id this consumer already processed, with other content (type,
 * version or payload). A redelivery carries the very same content, so this is a producer bug or
 * a forgery; either way the first event's effect stands and this one is dead-lettered at once
 * with the code EVENT_ID_CONFLICT, having changed nothing.
 */
export class EventIdConflictError extends EventError {
  /** The event id both contents claim. */
  readonly eventId: string;

  constructor(eventType: string, eventId: string, consumer: string) {
    super(
      EventErrorCode.IdConflict,
      `"${eventType}" ${eventId} reuses an event id ${consumer} already processed, with other content`,
      { eventType },
    );
    this.eventId = eventId;
  }
}
