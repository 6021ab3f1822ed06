import { AppError, type AppErrorOptions, ErrorCode } from './app-error.js';

/**
 * The request conflicts with current state (409): sold out, seat taken, duplicate id. Pass a
 * specific `code` (`SOLD_OUT`) so clients can tell conflicts apart without reading messages.
 */
export class ConflictError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super(ErrorCode.Conflict, 409, message, options);
  }
}
