/**
 * One load of orders through the API until each is terminal: the HTTP client (kept-alive
 * sockets: as many as orders in flight, or OPEN_LOOP_SOCKETS at a fixed rate), the generator
 * and the poller that watches the orders end. A run's measured window and its warm-up are each
 * one such load.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { COLLECTION } from '@app/dal';
import { LoadGenerator } from '../load/load-generator';
import { OrderClient } from '../load/order-client';
import { TerminalPoller } from '../load/terminal-poller';
import { orderBody } from '../scenario/order-body';
import type { Scenario } from '../scenario/scenario';

const OPEN_LOOP_SOCKETS = 256;

export interface LoadShape {
  readonly scenario: Scenario;
  readonly orders: number;
  readonly inflight: number;
  readonly rate: number | null;
  readonly declineEvery: number;
  readonly drainTimeoutMs: number;
}

export interface OrderLoad {
  readonly client: OrderClient;
  readonly generator: LoadGenerator;
  readonly poller: TerminalPoller;
}

/** The load's Idempotency-Keys are `<keyPrefix>-<tag>-<index>`, with a tag of its own. */
export function orderLoad(shape: LoadShape, apiUrl: string, db: Db, keyPrefix: string): OrderLoad {
  const client = new OrderClient(apiUrl, shape.rate === null ? shape.inflight : OPEN_LOOP_SOCKETS);
  const runTag = randomBytes(3).toString('hex');
  const generator = new LoadGenerator(client, {
    orders: shape.orders,
    inflight: shape.inflight,
    rate: shape.rate,
    drainTimeoutMs: shape.drainTimeoutMs,
    bodyFor: (index) => orderBody(shape.scenario, index, shape.declineEvery, runTag),
    keyFor: (index) => `${keyPrefix}-${runTag}-${index}`,
  });
  const poller = new TerminalPoller(db.collection(COLLECTION.ORDERS), generator.pollerHooks);
  return { client, generator, poller };
}
