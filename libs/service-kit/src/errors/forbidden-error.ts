import { AppError, type AppErrorOptions } from './app-error.js';

/**
 * The caller proved who it is, and that caller may not do this (403): another customer's
 * order, wallet or booking, another partner's assignment, or a route for another role.
 */
export class ForbiddenError extends AppError {
  constructor(code: string, message: string, options: Omit<AppErrorOptions, 'code'> = {}) {
    super(code, 403, message, options);
  }
}
