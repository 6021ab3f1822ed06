export { EventError, EventErrorCode, isEventError } from './event-error.js';
export type { EventIssue } from './event-invalid-error.js';
export { EventInvalidError } from './event-invalid-error.js';
export { NonRetryableError } from './non-retryable-error.js';
