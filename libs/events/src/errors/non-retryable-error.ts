import { EventError, EventErrorCode } from './event-error.js';

/**
 * Thrown by a handler when retrying cannot help (the wallet does not exist, the order was
 * cancelled): the consumer skips its remaining attempts and dead-letters the message at once.
 */
export class NonRetryableError extends EventError {
  constructor(message: string, options: { eventType?: string; cause?: unknown } = {}) {
    super(EventErrorCode.NonRetryable, message, options);
  }
}
