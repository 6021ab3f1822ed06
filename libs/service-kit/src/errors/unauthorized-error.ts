import { AppError, type AppErrorOptions } from './app-error.js';

/**
 * The request lacks a valid credential for what it asks (401): none was sent, or the one sent
 * is not accepted. `code` tells the two apart (ADMIN_TOKEN_REQUIRED, ADMIN_TOKEN_INVALID;
 * AUTH_REQUIRED, AUTH_INVALID for bearer tokens).
 */
export class UnauthorizedError extends AppError {
  constructor(code: string, message: string, options: Omit<AppErrorOptions, 'code'> = {}) {
    super(code, 401, message, options);
  }
}
