import { AppError, type AppErrorOptions, ErrorCode } from './app-error.js';

/**
 * A dependency (lock backend, database) is down or the service is draining (503). Failing
 * closed with this is the right answer when a lock cannot be confirmed.
 */
export class UnavailableError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(ErrorCode.Unavailable, 503, message, options);
  }
}
