/**
 * What must hold once the system is quiet, checked from the database and the sandbox's ledgers:
 * stock is conserved and never negative, nothing stays reserved, `sold` is exactly what completed
 * orders bought; a completed order had its amount captured exactly once and got one confirmation;
 * a cancelled one moved no money, holds no authorization and got one cancellation notice; every
 * order is terminal.
 */
import assert from 'node:assert/strict';
import { holdsFunds, moneyMoved, type OrderDoc, type System } from './system';

export interface InvariantReport {
  readonly completed: number;
  readonly cancelled: number;
  readonly failed: number;
  readonly byReason: Record<string, number>;
  /** Extra deliveries of a message (the same Message-ID received more than once). */
  readonly mailDuplicates: number;
}

export interface InvariantOptions {
  /**
   * Mail is sent at least once: a worker killed between the SMTP server's 250 and the outbox mark
   * sends that message again when its lease expires. Chaos runs count such duplicates instead of
   * failing on them; every other run expects none.
   */
  readonly mailDuplicatesAllowed?: boolean;
}

export async function assertSagaInvariants(system: System, initialStock: ReadonlyMap<string, number>, orders: readonly OrderDoc[], options: InvariantOptions = {}): Promise<InvariantReport> {
  const stock = await system.stock();
  const ledger = await system.ledger();
  const mailbox = await system.mailbox();

  for (const order of orders) assert.ok(['COMPLETED', 'CANCELLED'].includes(order.saga.status), `order ${order._id} ended ${order.saga.status} (${String(order.saga.reason)})`);

  const soldByCompleted = new Map<string, number>();
  for (const order of orders.filter((o) => o.saga.status === 'COMPLETED')) {
    for (const item of order.items) soldByCompleted.set(item.sku, (soldByCompleted.get(item.sku) ?? 0) + item.quantity);
  }
  for (const [sku, initial] of initialStock) {
    const item = stock.get(sku);
    assert.ok(item, `${sku} exists`);
    assert.ok(item.available >= 0 && item.reserved >= 0 && item.sold >= 0, `${sku} never negative: ${JSON.stringify(item)}`);
    assert.equal(item.available + item.reserved + item.sold, initial, `${sku}: available + reserved + sold equals the initial stock`);
    assert.equal(item.reserved, 0, `${sku}: nothing stays reserved`);
    assert.equal(item.sold, soldByCompleted.get(sku) ?? 0, `${sku}: sold equals what completed orders bought`);
  }

  for (const order of orders) {
    const entries = ledger.filter((entry) => entry.orderId === order._id);
    const captured = entries.filter((entry) => entry.captured);
    const net = entries.reduce((sum, entry) => sum + moneyMoved(entry), 0);
    const holding = entries.filter(holdsFunds);
    const messages = mailbox.filter((message) => message.orderId === order._id);
    const confirmations = messages.filter((message) => message.type === 'confirmation');
    const cancellations = messages.filter((message) => message.type === 'cancellation');
    if (order.saga.status === 'COMPLETED') {
      assert.equal(captured.length, 1, `completed ${order._id}: captured exactly once`);
      assert.equal(net, order.payment.amount, `completed ${order._id}: the order's amount moved, once`);
      assert.equal(holding.length, 0, `completed ${order._id}: no other hold left on the card`);
      assert.equal(confirmations.length, 1, `completed ${order._id}: one confirmation`);
      if (options.mailDuplicatesAllowed !== true) assert.deepEqual(confirmations.map((m) => m.deliveries), [1], `completed ${order._id}: its confirmation sent once`);
      assert.equal(cancellations.length, 0, `completed ${order._id}: no cancellation notice`);
    } else {
      assert.equal(captured.length, 0, `cancelled ${order._id}: never captured`);
      assert.equal(net, 0, `cancelled ${order._id}: no money moved`);
      assert.equal(holding.length, 0, `cancelled ${order._id}: no authorization left holding funds`);
      assert.equal(cancellations.length, 1, `cancelled ${order._id}: one cancellation notice`);
      if (options.mailDuplicatesAllowed !== true) assert.deepEqual(cancellations.map((m) => m.deliveries), [1], `cancelled ${order._id}: its cancellation notice sent once`);
      assert.equal(confirmations.length, 0, `cancelled ${order._id}: no confirmation`);
    }
  }

  const byReason: Record<string, number> = {};
  for (const order of orders) if (order.saga.reason !== null) byReason[order.saga.reason] = (byReason[order.saga.reason] ?? 0) + 1;
  const ids = new Set(orders.map((order) => order._id));
  const mailDuplicates = mailbox.filter((message) => message.orderId !== null && ids.has(message.orderId)).reduce((sum, message) => sum + message.deliveries - 1, 0);
  return {
    mailDuplicates,
    completed: orders.filter((o) => o.saga.status === 'COMPLETED').length,
    cancelled: orders.filter((o) => o.saga.status === 'CANCELLED').length,
    failed: orders.filter((o) => o.saga.status === 'FAILED').length,
    byReason,
  };
}
