/**
 * Orders FAILED by a payment outage, for the console's tests: with OUTAGE_ENV (a 1.5 s retry
 * window, short provider backoff) the payment provider is made unavailable, the orders are
 * placed and wait until each is FAILED (the outage outlasted the window, and the void met it
 * too), then the provider is healed.
 */
import { waitFor } from '@app/testing';
import type { System } from './system';

export const OUTAGE_ENV: Readonly<Record<string, string>> = { RETRY_WINDOW_MS: '1500', ORDER_DEADLINE_MS: '60000', PROVIDER_RETRY_DELAY_MS: '100', PROVIDER_RETRY_MAX_DELAY_MS: '300', CIRCUIT_OPEN_MS: '200' };

/** Places `count` orders of one unit of `sku` during an outage; their ids once all are FAILED. */
export async function ordersFailedByPaymentOutage(system: System, sku: string, count: number): Promise<string[]> {
  await system.setFaults({ payments: 'unavailable' });
  const failed: string[] = [];
  for (let i = 0; i < count; i += 1) failed.push(await system.placeOrder({ customerId: 'c-outage', email: `outage${i}@example.com`, items: [{ sku, quantity: 1 }], payment: { token: 'tok_visa' } }));
  await waitFor(async () => {
    const orders = await system.orders();
    return failed.every((id) => orders.find((o) => o._id === id)?.saga.status === 'FAILED') ? true : undefined;
  }, 60_000, `the outage to leave ${count} orders FAILED`);
  await system.setFaults({ payments: 'ok' });
  return failed;
}
