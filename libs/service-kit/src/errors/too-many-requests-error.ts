import { AppError, type AppErrorOptions, ErrorCode } from './app-error.js';

/**
 * Too many requests, or the resource is too contended to serve now (429). `retryAfterSeconds`
 * becomes the `Retry-After` header so well-behaved clients back off instead of hammering.
 */
export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    retryAfterSeconds: number,
    options: Omit<AppErrorOptions, 'retryAfterSeconds'> = {},
  ) {
    super(ErrorCode.TooManyRequests, 429, message, { ...options, retryAfterSeconds });
  }
}
