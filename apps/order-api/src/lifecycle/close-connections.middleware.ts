import type { NextFunction, Request, Response } from 'express';
import type { ShutdownState } from '@app/lifecycle';

/**
 * Once shutdown has begun, every answer carries `Connection: close`: a keep-alive client's next
 * request opens a new connection, which a load balancer sends to another instance, instead of
 * reaching this one after it stopped listening. Requests already in flight are answered as usual.
 */
export function closeConnectionsWhileDraining(shutdown: ShutdownState): (request: Request, response: Response, next: NextFunction) => void {
  return (_request, response, next) => {
    if (shutdown.shuttingDown) response.setHeader('connection', 'close');
    next();
  };
}
