import type { Response } from 'express';

/**
 * A signal that fires when the client goes away before its answer is written. The response's
 * 'close' (not the request's, which Node also emits once the body has been read) is the one
 * that means the connection ended; `writableFinished` tells a finished answer from a dropped
 * client.
 */
export function clientGoneSignal(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
  });
  return controller.signal;
}
