export type { AppErrorOptions } from './app-error.js';
export { AppError, ErrorCode, isAppError } from './app-error.js';
export { ConfigError } from './config-error.js';
export { ConflictError } from './conflict-error.js';
export { NotFoundError } from './not-found-error.js';
export { TooManyRequestsError } from './too-many-requests-error.js';
export { UnavailableError } from './unavailable-error.js';
export type { FieldLocation, FieldProblem } from './validation-error.js';
export { ValidationError } from './validation-error.js';
