/**
 * bull-board at `/admin/queues`: every saga queue, its jobs by state with their data, attempts,
 * last error and next run. Behind the admin sign-in (the session cookie, or the bearer
 * ADMIN_TOKEN: `AdminAuthenticator`, as every admin route) and read-only twice over: each queue's
 * adapter is in bull-board's `readOnlyMode`, and anything but GET or HEAD is refused here first
 * (405 QUEUES_READ_ONLY), so its retry, clean and pause buttons can neither bypass the audit
 * trail nor re-run a saga step. Errors go to the API's exception filter (the one error shape).
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getQueueToken } from '@nestjs/bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { QUEUE } from '@app/contracts';
import { ApiError } from '../../http/api.error';
import { AdminAuthenticator } from '../session/admin-authenticator.service';

export const QUEUES_BOARD_PATH = '/admin/queues';

export function mountQueuesBoard(app: NestExpressApplication): void {
  const board = new ExpressAdapter();
  board.setBasePath(QUEUES_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QUEUE).map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }), { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Saga queues' } },
  });
  const authenticator = app.get(AdminAuthenticator);
  const signedInReader = (request: Request, _response: Response, next: NextFunction): void => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      next(new ApiError('QUEUES_READ_ONLY', 'The queues board is read-only; retry or cancel orders from the console.'));
      return;
    }
    authenticator.authenticate(request).then(() => next(), next);
  };
  app.use(QUEUES_BOARD_PATH, signedInReader, board.getRouter() as (request: Request, response: Response, next: NextFunction) => void);
}
