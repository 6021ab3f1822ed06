import { AppError, type AppErrorOptions, ErrorCode } from './app-error.js';

/** The addressed resource does not exist (404). */
export class NotFoundError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(ErrorCode.NotFound, 404, message, options);
  }
}
