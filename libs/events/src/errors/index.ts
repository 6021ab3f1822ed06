export { EventError, EventErrorCode, isEventError } from './event-error.js';
export { EventIdConflictError } from './event-id-conflict-error.js';
export type { EventIssue } from './event-invalid-error.js';
export { EventInvalidError } from './event-invalid-error.js';
export type { MismatchValue } from './event-mismatch-error.js';
export { EventMismatchError } from './event-mismatch-error.js';
export { NonRetryableError } from './non-retryable-error.js';
