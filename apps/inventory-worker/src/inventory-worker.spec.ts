/**
 * Inventory worker against real servers (MongoDB via MONGO_URL, Redis via REDIS_URL): reserve,
 * commit and release, each delivered twice (one after the other and at the same time), busy and
 * expired locks, fencing, and all-or-nothing multi-item reservations.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplicationContext } from '@nestjs/common';
import { loadWorkerConfig } from '@app/config';
import { SAGA_STEP, type SagaStepName } from '@app/contracts';
import { BusySkuRepository, COLLECTION, DatabaseClock, InventoryLockRepository, InventoryRepository, MetricsRepository, OrderRepository, ReservationRepository } from '@app/dal';
import { LockBusyError, type Order } from '@app/domain';
import { ShutdownState } from '@app/lifecycle';
import { MetricsRegistry } from '@app/observability';
import { StepDispatcher } from '@app/queue';
import { ConsoleEventsPublisher, DatabaseWatch, OrderTrends, SAGA_METRIC, SagaStepRunner, type StepHandler } from '@app/saga';
import { createTestEnvironment, newOrder, startWorkerContext, waitFor, type TestEnvironment } from '@app/testing';
import { inventoryWorkerModule } from './inventory-worker.module';
import { CommitStockHandler } from './commit-stock/commit-stock.handler';
import { StockPasses } from './stock-pass/stock-pass.service';
import { ReserveStockHandler } from './reserve-stock/reserve-stock.handler';

describe('inventory worker', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let runner: SagaStepRunner;
  let orders: OrderRepository;
  let inventory: InventoryRepository;
  let reservations: ReservationRepository;
  let locks: InventoryLockRepository;
  let metrics: MetricsRepository;
  const attempt = { number: 1, final: false };

  before(async () => {
    env = await createTestEnvironment('inventory');
    const config = loadWorkerConfig(env.appEnv({ LOCK_TTL_MS: '2000', LOCK_RETRY_DELAY_MS: '20', RECOVERY_INTERVAL_MS: '3600000' }));
    app = await startWorkerContext(inventoryWorkerModule(config));
    runner = app.get(SagaStepRunner);
    orders = app.get(OrderRepository);
    inventory = app.get(InventoryRepository);
    reservations = app.get(ReservationRepository);
    locks = app.get(InventoryLockRepository);
    metrics = app.get(MetricsRepository);
  });

  after(async () => {
    await app.close();
    await env.cleanup();
  });

  async function stock(sku: string): Promise<{ available: number; reserved: number; sold: number }> {
    const item = await inventory.findBySku(sku);
    assert.ok(item, `${sku} exists`);
    return { available: item.available, reserved: item.reserved, sold: item.sold };
  }

  async function placed(order: Order): Promise<Order> {
    await orders.insert(order);
    return order;
  }

  /** An order of `quantity` × `sku`, reserved, with its saga moved to COMMIT_STOCK as the payment worker would (the payment step skipped). */
  async function reservedAtCommit(sku: string, available: number, quantity: number): Promise<Order> {
    await inventory.setStock(sku, available, 100);
    const order = await placed(newOrder({ items: [{ sku, quantity }] }));
    await runner.run({ orderId: order._id, step: SAGA_STEP.RESERVE_STOCK, version: 1 }, attempt);
    const reserved = await orders.findById(order._id);
    assert.ok(reserved);
    await orders.transition(order._id, 2, { ...reserved.saga, step: SAGA_STEP.COMMIT_STOCK, status: 'PAYMENT_AUTHORIZED', started: [...reserved.saga.started, SAGA_STEP.AUTHORIZE_PAYMENT], version: 3 }, { step: SAGA_STEP.AUTHORIZE_PAYMENT, outcome: 'SUCCEEDED', attempt: 1, at: new Date() });
    const atCommit = await orders.findById(order._id);
    assert.ok(atCommit);
    return atCommit;
  }

  async function runTwiceAtOnce(order: Order, step: SagaStepName): Promise<void> {
    const job = { orderId: order._id, step, version: order.saga.version };
    const results = await Promise.allSettled([runner.run(job, attempt), runner.run(job, attempt)]);
    for (const result of results) {
      if (result.status === 'rejected') assert.ok(result.reason instanceof LockBusyError, `only a busy lock may stop a duplicate: ${String(result.reason)}`);
    }
    await runner.run(job, attempt);
  }

  it('reserves all items once, records the ledger and the amount, even when the job is delivered three times', async () => {
    await inventory.setStock('R-A', 10, 250);
    await inventory.setStock('R-B', 5, 1000);
    const order = await placed(newOrder({ items: [{ sku: 'R-B', quantity: 2 }, { sku: 'R-A', quantity: 3 }] }));
    const staleBefore = (await metrics.all())[SAGA_METRIC.JOBS_STALE] ?? 0;

    await runTwiceAtOnce(order, SAGA_STEP.RESERVE_STOCK);

    assert.deepEqual(await stock('R-A'), { available: 7, reserved: 3, sold: 0 });
    assert.deepEqual(await stock('R-B'), { available: 3, reserved: 2, sold: 0 });
    const stored = await orders.findById(order._id);
    assert.equal(stored?.saga.step, SAGA_STEP.AUTHORIZE_PAYMENT);
    assert.equal(stored?.saga.version, 2);
    assert.equal(stored?.payment.amount, 3 * 250 + 2 * 1000);
    assert.equal(stored?.history.filter((entry) => entry.step === SAGA_STEP.RESERVE_STOCK && entry.outcome === 'SUCCEEDED').length, 1);
    assert.deepEqual((await reservations.findByOrder(order._id)).map((r) => r.state).sort(), ['RESERVED', 'RESERVED']);
    assert.ok(((await metrics.all())[SAGA_METRIC.JOBS_STALE] ?? 0) > staleBefore, 'the duplicate was counted as stale');
  });

  it('is all or nothing: one short item holds none of the others, and a ledger that proves it skips RELEASE_STOCK', async () => {
    await inventory.setStock('N-A', 10, 100);
    await inventory.setStock('N-B', 1, 100);
    const order = await placed(newOrder({ items: [{ sku: 'N-A', quantity: 4 }, { sku: 'N-B', quantity: 2 }] }));
    await runner.run({ orderId: order._id, step: SAGA_STEP.RESERVE_STOCK, version: 1 }, attempt);
    assert.deepEqual(await stock('N-A'), { available: 10, reserved: 0, sold: 0 });
    assert.deepEqual(await stock('N-B'), { available: 1, reserved: 0, sold: 0 });
    const stored = await orders.findById(order._id);
    assert.equal(stored?.saga.status, 'COMPENSATING');
    assert.equal(stored?.saga.reason, 'OUT_OF_STOCK');
    assert.deepEqual(stored?.saga.compensations, [SAGA_STEP.SEND_CANCELLATION], 'nothing to release');
    assert.deepEqual((await reservations.findByOrder(order._id)).map((entry) => entry.state), ['REJECTED', 'REJECTED']);

    // A late copy of the step, with stock back, stands by the rejection and holds nothing.
    await inventory.setStock('N-B', 5, 100);
    const answer = await app.get(StockPasses).submit({ kind: 'RESERVE', orderId: order._id, items: order.items });
    assert.deepEqual(answer, { kind: 'REJECTED', reason: 'OUT_OF_STOCK', message: 'an earlier attempt of this step found too little stock', nothingHeld: true });
    assert.deepEqual(await stock('N-A'), { available: 10, reserved: 0, sold: 0 });
    assert.deepEqual(await stock('N-B'), { available: 5, reserved: 0, sold: 0 });
  });

  it('a rejected order that an earlier attempt left holding an item still runs RELEASE_STOCK, which gives it back', async () => {
    await inventory.setStock('H-A', 10, 100);
    await inventory.setStock('H-B', 1, 100);
    const order = await placed(newOrder({ items: [{ sku: 'H-A', quantity: 4 }, { sku: 'H-B', quantity: 2 }] }));
    // An earlier, interrupted attempt held H-A (its record is RESERVED) before H-B ran short.
    assert.deepEqual(await app.get(StockPasses).submit({ kind: 'RESERVE', orderId: order._id, items: [{ sku: 'H-A', quantity: 4 }] }), { kind: 'DONE', amount: 400 });
    assert.deepEqual(await stock('H-A'), { available: 6, reserved: 4, sold: 0 });

    await runner.run({ orderId: order._id, step: SAGA_STEP.RESERVE_STOCK, version: 1 }, attempt);
    const stored = await orders.findById(order._id);
    assert.equal(stored?.saga.reason, 'OUT_OF_STOCK');
    assert.deepEqual(stored?.saga.compensations, [SAGA_STEP.RELEASE_STOCK, SAGA_STEP.SEND_CANCELLATION]);
    await waitFor(async () => ((await orders.findById(order._id))?.saga.step === SAGA_STEP.SEND_CANCELLATION ? true : undefined), 15_000, 'RELEASE_STOCK to run');
    assert.deepEqual(await stock('H-A'), { available: 10, reserved: 0, sold: 0 });
    assert.deepEqual(Object.fromEntries((await reservations.findByOrder(order._id)).map((entry) => [entry.sku, entry.state])), { 'H-A': 'RELEASED', 'H-B': 'REJECTED' });
  });

  it('rejects an unknown SKU with UNKNOWN_SKU', async () => {
    const order = await placed(newOrder({ items: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] }));
    await runner.run({ orderId: order._id, step: SAGA_STEP.RESERVE_STOCK, version: 1 }, attempt);
    const stored = await orders.findById(order._id);
    assert.equal(stored?.saga.reason, 'UNKNOWN_SKU');
  });

  it('commits held stock into sold exactly once, and a cancel that won the pivot stops the commit', async () => {
    const order = await reservedAtCommit('C-A', 6, 2);
    await runTwiceAtOnce(order, SAGA_STEP.COMMIT_STOCK);
    assert.deepEqual(await stock('C-A'), { available: 4, reserved: 0, sold: 2 });
    const committed = await orders.findById(order._id);
    assert.equal(committed?.pastPivot, true);
    assert.equal(committed?.saga.step, SAGA_STEP.CAPTURE_PAYMENT);
    assert.equal(await orders.requestCancel(order._id, 'CANCELLED_BY_CUSTOMER'), 'PAST_PIVOT');

    const other = await placed(newOrder({ items: [{ sku: 'C-A', quantity: 1 }] }));
    await runner.run({ orderId: other._id, step: SAGA_STEP.RESERVE_STOCK, version: 1 }, attempt);
    const otherReserved = await orders.findById(other._id);
    assert.ok(otherReserved);
    await orders.transition(other._id, 2, { ...otherReserved.saga, step: SAGA_STEP.COMMIT_STOCK, status: 'PAYMENT_AUTHORIZED', started: [...otherReserved.saga.started, SAGA_STEP.AUTHORIZE_PAYMENT], version: 3 }, { step: SAGA_STEP.AUTHORIZE_PAYMENT, outcome: 'SUCCEEDED', attempt: 1, at: new Date() });
    assert.equal(await orders.requestCancel(other._id, 'CANCELLED_BY_CUSTOMER'), 'ACCEPTED');
    await runner.run({ orderId: other._id, step: SAGA_STEP.COMMIT_STOCK, version: 3 }, attempt);
    const cancelled = await orders.findById(other._id);
    assert.equal(cancelled?.saga.status, 'COMPENSATING');
    assert.deepEqual(cancelled?.saga.compensations, ['VOID_PAYMENT', 'RELEASE_STOCK', 'SEND_CANCELLATION']);
    assert.deepEqual(await stock('C-A'), { available: 3, reserved: 1, sold: 2 }, 'nothing of the cancelled order was sold');
  });

  it('releases once, and leaves tombstones so that a late duplicate reserve holds nothing', async () => {
    await inventory.setStock('L-A', 8, 100);
    const order = await placed(newOrder({ items: [{ sku: 'L-A', quantity: 3 }] }));
    await runner.run({ orderId: order._id, step: SAGA_STEP.RESERVE_STOCK, version: 1 }, attempt);
    assert.equal(await orders.requestCancel(order._id, 'CANCELLED_BY_CUSTOMER'), 'ACCEPTED');
    // the payment step sees the cancel and the saga turns to compensation
    await runner.run({ orderId: order._id, step: SAGA_STEP.AUTHORIZE_PAYMENT, version: 2 }, attempt);
    const compensating = await orders.findById(order._id);
    assert.equal(compensating?.saga.step, SAGA_STEP.VOID_PAYMENT);
    assert.ok(compensating);
    await orders.transition(order._id, 3, { ...compensating.saga, step: SAGA_STEP.RELEASE_STOCK, compensations: ['RELEASE_STOCK', 'SEND_CANCELLATION'], version: 4 }, { step: SAGA_STEP.VOID_PAYMENT, outcome: 'SUCCEEDED', attempt: 1, at: new Date() });
    const atRelease = await orders.findById(order._id);
    assert.ok(atRelease);
    await runTwiceAtOnce(atRelease, SAGA_STEP.RELEASE_STOCK);
    assert.deepEqual(await stock('L-A'), { available: 8, reserved: 0, sold: 0 });
    assert.equal(await reservations.stateOf(order._id, 'L-A'), 'RELEASED');

    // a reserve job for the old version is stale; even run directly, the tombstone refuses it
    await runner.run({ orderId: order._id, step: SAGA_STEP.RESERVE_STOCK, version: 1 }, attempt);
    assert.deepEqual(await stock('L-A'), { available: 8, reserved: 0, sold: 0 });
  });

  it('treats a busy lock as a normal outcome: the job is re-queued with a delay and completes once the lock is free', async () => {
    await inventory.setStock('B-A', 3, 100);
    const order = await placed(newOrder({ items: [{ sku: 'B-A', quantity: 1 }] }));
    assert.equal(await locks.tryAcquire('B-A', 'someone-else', new Date(Date.now() + 60_000)), true);
    await assert.rejects(runner.run({ orderId: order._id, step: SAGA_STEP.RESERVE_STOCK, version: 1 }, attempt), LockBusyError);

    const busyBefore = (await metrics.all())[SAGA_METRIC.LOCKS_BUSY] ?? 0;
    await app.get(StepDispatcher).dispatch(order._id, SAGA_STEP.RESERVE_STOCK, 1);
    await waitFor(async () => (((await metrics.all())[SAGA_METRIC.LOCKS_BUSY] ?? 0) >= busyBefore + 2 ? true : undefined), 10_000, 'busy re-queues');
    assert.equal((await orders.findById(order._id))?.saga.version, 1, 'nothing happened while the lock was held');
    const busySkus = app.get(BusySkuRepository);
    await busySkus.flush();
    const busy = (await busySkus.top(new Date(Date.now() - 60_000), 10)).find((entry) => entry.sku === 'B-A');
    assert.ok((busy?.busyRequeues ?? 0) >= 2, `the busy re-queues are counted per SKU: ${JSON.stringify(busy)}`);
    await locks.release('B-A', 'someone-else');
    await waitFor(async () => ((await orders.findById(order._id))?.saga.version === 2 ? true : undefined), 15_000, 'the re-queued job to complete');
    assert.deepEqual(await stock('B-A'), { available: 2, reserved: 1, sold: 0 });
  });

  it('takes over an expired lock (decided by expiresAt, not by the TTL monitor)', async () => {
    await inventory.setStock('E-A', 3, 100);
    await env.db.collection(COLLECTION.INVENTORY_LOCKS).insertOne({ _id: 'E-A' as never, owner: 'crashed-worker', expiresAt: new Date(Date.now() - 1_000), acquiredAt: new Date(Date.now() - 31_000) });
    const order = await placed(newOrder({ items: [{ sku: 'E-A', quantity: 1 }] }));
    await runner.run({ orderId: order._id, step: SAGA_STEP.RESERVE_STOCK, version: 1 }, attempt);
    assert.equal((await orders.findById(order._id))?.saga.step, SAGA_STEP.AUTHORIZE_PAYMENT);
    assert.equal(await env.db.collection(COLLECTION.INVENTORY_LOCKS).countDocuments({ _id: 'E-A' as never }), 0, 'the lock was released by its new owner');
  });

  it('fences a holder whose lock was taken over: its writes change nothing, and it cannot take a new fence', async () => {
    await inventory.setStock('F-A', 5, 100);
    const staleTaken = await inventory.takeFences(['F-A'], 'stale-holder', new Date(Date.now() + 50), ['ord_stale']);
    const stale = staleTaken.get('F-A');
    assert.ok(stale !== undefined && stale !== null && stale !== 'BUSY');
    await new Promise((resolve) => setTimeout(resolve, 80));
    // the stale holder's lease (= its lock) has expired: the next holder takes a newer fence
    const current = (await inventory.takeFences(['F-A'], 'current-holder', new Date(Date.now() + 60_000), ['ord_current'])).get('F-A');
    assert.ok(current !== undefined && current !== null && current !== 'BUSY' && current.fence > stale.fence);
    // the stale holder wakes up: it can neither take a new fence (that would shut the legal holder out) nor write
    assert.equal((await inventory.takeFences(['F-A'], 'stale-holder', new Date(Date.now() + 60_000), [])).get('F-A'), 'BUSY');
    const staleWrite = { sku: 'F-A', fence: stale.fence, reserve: [{ orderId: 'ord_stale', quantity: 1 }], commit: [], release: [] };
    assert.deepEqual(await inventory.applyChanges([staleWrite], [], 'stale-holder'), new Set());
    assert.deepEqual(await stock('F-A'), { available: 5, reserved: 0, sold: 0 });
    // the legal holder is not fenced out, and its guard keeps stock from going below zero
    const tooMuch = { sku: 'F-A', fence: current.fence, reserve: [{ orderId: 'ord_other', quantity: 6 }], commit: [], release: [] };
    assert.deepEqual(await inventory.applyChanges([tooMuch], [], 'current-holder'), new Set());
    const again = (await inventory.takeFences(['F-A'], 'current-holder', new Date(Date.now() + 60_000), ['ord_current'])).get('F-A');
    assert.ok(again !== undefined && again !== null && again !== 'BUSY');
    const write = { sku: 'F-A', fence: again.fence, reserve: [{ orderId: 'ord_current', quantity: 5 }], commit: [], release: [] };
    assert.deepEqual(await inventory.applyChanges([write], [], 'current-holder'), new Set(['F-A']));
    assert.deepEqual(await stock('F-A'), { available: 0, reserved: 5, sold: 0 });
  });

  it('a holder that paused past its lock while another worker re-ran the step changes nothing of the winner\'s on waking', async () => {
    await inventory.setStock('P-A', 5, 100);
    await inventory.setStock('P-B', 5, 100);
    const order = await placed(newOrder({ items: [{ sku: 'P-A', quantity: 2 }, { sku: 'P-B', quantity: 1 }] }));
    // The paused holder had taken its locks and fences, written its ledger entries, and froze
    // before its stock write; its leases ran out.
    const until = new Date(Date.now() + 50);
    assert.deepEqual([...(await locks.acquireMany(['P-A', 'P-B'], 'paused-holder', until))].sort(), ['P-A', 'P-B']);
    const fenced = await inventory.takeFences(['P-A', 'P-B'], 'paused-holder', until, [order._id]);
    const entries = order.items.map((item) => ({ action: 'RESERVE' as const, orderId: order._id, sku: item.sku, quantity: item.quantity }));
    await reservations.record(entries);
    await new Promise((resolve) => setTimeout(resolve, 80));

    // Another worker re-runs the step (the job was handed over) and wins.
    await runner.run({ orderId: order._id, step: SAGA_STEP.RESERVE_STOCK, version: 1 }, attempt);
    assert.equal((await orders.findById(order._id))?.saga.step, SAGA_STEP.AUTHORIZE_PAYMENT);

    // The paused holder wakes and carries on: its ledger writes are the winner's own, its stock
    // write carries a fence that is no longer current, and its locks are no longer its own.
    await reservations.record(entries);
    const stale = order.items.map((item) => {
      const state = fenced.get(item.sku);
      assert.ok(state !== undefined && state !== null && state !== 'BUSY');
      return { sku: item.sku, fence: state.fence, reserve: [{ orderId: order._id, quantity: item.quantity }], commit: [], release: [] };
    });
    assert.deepEqual(await inventory.applyChanges(stale, [], 'paused-holder'), new Set());
    await locks.releaseMany(['P-A', 'P-B'], 'paused-holder');

    assert.deepEqual(await stock('P-A'), { available: 3, reserved: 2, sold: 0 });
    assert.deepEqual(await stock('P-B'), { available: 4, reserved: 1, sold: 0 });
    assert.deepEqual((await reservations.findByOrder(order._id)).map((r) => r.state), ['RESERVED', 'RESERVED'], 'the winner\'s ledger entries are intact');
  });

  it('a release that paused past its lock while a stale reserve wrote a hold does not answer DONE on waking: its retry gives the hold back', async () => {
    await inventory.setStock('S-A', 5, 100);
    const config = loadWorkerConfig(env.appEnv({ LOCK_TTL_MS: '100' }));
    const clock = app.get(DatabaseClock);
    // The releasing pass has taken its lock and fence and read the SKU (no hold yet); it freezes
    // before its ledger write until its lock and fence lease have run out.
    let wake: () => void = () => undefined;
    const frozen = new Promise<void>((resolve) => (wake = resolve));
    let reached: () => void = () => undefined;
    const atLedger = new Promise<void>((resolve) => (reached = resolve));
    const pausingLedger = Object.create(reservations, {
      record: { value: async (...args: Parameters<ReservationRepository['record']>) => (reached(), await frozen, reservations.record(...args)) },
    }) as ReservationRepository;
    const paused = new StockPasses(locks, inventory, pausingLedger, config, clock);
    const other = new StockPasses(locks, inventory, reservations, config, clock);
    const items = [{ sku: 'S-A', quantity: 1 }];
    const release = paused.submit({ kind: 'RELEASE', orderId: 'ord_s1', items });
    await atLedger;
    await new Promise((resolve) => setTimeout(resolve, 150));
    // A stale reserve of the same order (its job loaded the order before the saga turned to
    // compensation) takes the expired lock, finds no tombstone yet and holds a unit.
    assert.deepEqual(await other.submit({ kind: 'RESERVE', orderId: 'ord_s1', items }), { kind: 'DONE', amount: 100 });
    assert.deepEqual(await stock('S-A'), { available: 4, reserved: 1, sold: 0 });
    // The release wakes, writes its tombstone and must not claim a release it did not see.
    wake();
    assert.equal((await release).kind, 'FAILED', 'its fence was taken over after it read the SKU');
    assert.deepEqual(await other.submit({ kind: 'RELEASE', orderId: 'ord_s1', items }), { kind: 'DONE', amount: 0 });
    assert.deepEqual(await stock('S-A'), { available: 5, reserved: 0, sold: 0 }, 'the retried release gave the stale hold back');
    assert.deepEqual((await reservations.findByOrder('ord_s1')).map((r) => r.state), ['RELEASED']);
  });

  it('records the operator\'s reason when the cancel lands while the pivot step runs', async () => {
    const order = await reservedAtCommit('O-A', 3, 1);
    // The operator's cancel lands after the job loaded the order and before the pivot claim.
    const commit = app.get(CommitStockHandler);
    const racing: StepHandler = {
      step: SAGA_STEP.COMMIT_STOCK,
      execute: async (context) => {
        assert.equal(await orders.requestCancel(order._id, 'CANCELLED_BY_OPERATOR'), 'ACCEPTED');
        return commit.execute(context);
      },
    };
    await new SagaStepRunner([racing], orders, metrics, app.get(BusySkuRepository), app.get(StepDispatcher), { orderDeadlineMs: 1_800_000, providerRetry: loadWorkerConfig({}).providerRetry }, app.get(DatabaseClock), app.get(DatabaseWatch), app.get(ConsoleEventsPublisher), app.get(MetricsRegistry), app.get(OrderTrends), app.get(ShutdownState)).run({ orderId: order._id, step: SAGA_STEP.COMMIT_STOCK, version: 3 }, attempt);
    const cancelled = await orders.findById(order._id);
    assert.equal(cancelled?.saga.status, 'COMPENSATING');
    assert.equal(cancelled?.saga.reason, 'CANCELLED_BY_OPERATOR');
  });

  it('a cancel that lands after the pivot step was dispatched with the order still wins: the pivot claim refuses it in the database', async () => {
    const order = await reservedAtCommit('Q-A', 3, 1);
    const { history: _history, ...carried } = order;
    assert.equal(await orders.requestCancel(order._id, 'CANCELLED_BY_CUSTOMER'), 'ACCEPTED', 'after the dispatch: the job carries cancelRequested false');

    await runner.run({ orderId: order._id, step: SAGA_STEP.COMMIT_STOCK, version: 3, order: JSON.parse(JSON.stringify(carried)) as Record<string, unknown> }, { ...attempt, firstRun: true });
    const cancelled = await orders.findById(order._id);
    assert.equal(cancelled?.saga.status, 'COMPENSATING');
    assert.equal(cancelled?.saga.reason, 'CANCELLED_BY_CUSTOMER');
    assert.deepEqual(await stock('Q-A'), { available: 2, reserved: 1, sold: 0 }, 'nothing was sold');
    assert.equal(cancelled?.saga.step, SAGA_STEP.VOID_PAYMENT);
  });

  it('commits nothing once its worker has handed its jobs back; the replacement\'s run commits the step once', async () => {
    await inventory.setStock('H-A', 4, 100);
    const order = await placed(newOrder({ items: [{ sku: 'H-A', quantity: 3 }] }));
    const draining = new ShutdownState(10_000);
    const handedBack = new SagaStepRunner([app.get(ReserveStockHandler)], orders, metrics, app.get(BusySkuRepository), app.get(StepDispatcher), { orderDeadlineMs: 1_800_000, providerRetry: loadWorkerConfig({}).providerRetry }, app.get(DatabaseClock), app.get(DatabaseWatch), app.get(ConsoleEventsPublisher), app.get(MetricsRegistry), app.get(OrderTrends), draining);
    await draining.commits.close();

    const job = { orderId: order._id, step: SAGA_STEP.RESERVE_STOCK, version: 1 };
    await handedBack.run(job, attempt);
    const untouched = await orders.findById(order._id);
    assert.equal(untouched?.saga.version, 1, 'no transition after the hand-back');
    assert.equal(untouched?.history.length, 0);

    await runner.run(job, attempt);
    const reserved = await orders.findById(order._id);
    assert.equal(reserved?.saga.version, 2);
    assert.equal(reserved?.saga.step, SAGA_STEP.AUTHORIZE_PAYMENT);
    assert.deepEqual(await stock('H-A'), { available: 1, reserved: 3, sold: 0 }, 'the stock was reserved once, by whichever run got there first');
  });

  it('cancels an order whose deadline passed while its items stayed locked (TIMEOUT), and stalls its compensation for an operator', async () => {
    await inventory.setStock('T-A', 3, 100);
    const order = await placed({ ...newOrder({ items: [{ sku: 'T-A', quantity: 1 }] }), createdAt: new Date(Date.now() - 3_600_000) });
    assert.equal(await locks.tryAcquire('T-A', 'forever-busy', new Date(Date.now() + 60_000)), true);

    await runner.run({ orderId: order._id, step: SAGA_STEP.RESERVE_STOCK, version: 1 }, attempt);
    const timedOut = await orders.findById(order._id);
    assert.equal(timedOut?.saga.status, 'COMPENSATING');
    assert.equal(timedOut?.saga.reason, 'TIMEOUT');
    assert.equal(timedOut?.saga.step, SAGA_STEP.RELEASE_STOCK);
    assert.equal(timedOut?.history.at(-1)?.outcome, 'TIMED_OUT');

    // The compensation meets the same busy lock, past the deadline: FAILED for an operator, nothing lost.
    await runner.run({ orderId: order._id, step: SAGA_STEP.RELEASE_STOCK, version: 2 }, attempt);
    const stalled = await orders.findById(order._id);
    assert.equal(stalled?.saga.status, 'FAILED');
    assert.equal(stalled?.saga.reason, 'COMPENSATION_STALLED');
    assert.deepEqual(stalled?.saga.compensations, [SAGA_STEP.RELEASE_STOCK, SAGA_STEP.SEND_CANCELLATION], 'an operator\'s retry resumes them');
    await locks.release('T-A', 'forever-busy');
    assert.deepEqual(await stock('T-A'), { available: 3, reserved: 0, sold: 0 });
  });

  it('keeps re-queueing a busy step while the order is within its deadline', async () => {
    await inventory.setStock('T-B', 3, 100);
    const order = await placed(newOrder({ items: [{ sku: 'T-B', quantity: 1 }] }));
    assert.equal(await locks.tryAcquire('T-B', 'briefly-busy', new Date(Date.now() + 60_000)), true);
    await assert.rejects(runner.run({ orderId: order._id, step: SAGA_STEP.RESERVE_STOCK, version: 1 }, attempt), LockBusyError);
    assert.equal((await orders.findById(order._id))?.saga.version, 1);
    await locks.release('T-B', 'briefly-busy');
  });

  it('a pass that fails half-way gives up its fences with its locks: the next one serves the SKU at once', async () => {
    await inventory.setStock('G-A', 3, 100);
    const config = loadWorkerConfig(env.appEnv({ LOCK_TTL_MS: '60000' }));
    const ledgerDown = Object.create(reservations, { record: { value: () => Promise.reject(new Error('ledger write failed')) } }) as ReservationRepository;
    const failing = new StockPasses(locks, inventory, ledgerDown, config, app.get(DatabaseClock));
    await assert.rejects(failing.submit({ kind: 'RESERVE', orderId: 'ord_g1', items: [{ sku: 'G-A', quantity: 1 }] }), /ledger write failed/);
    const next = new StockPasses(locks, inventory, reservations, config, app.get(DatabaseClock));
    assert.deepEqual(await next.submit({ kind: 'RESERVE', orderId: 'ord_g2', items: [{ sku: 'G-A', quantity: 1 }] }), { kind: 'DONE', amount: 100 });
    assert.deepEqual(await stock('G-A'), { available: 2, reserved: 1, sold: 0 });
  });
});
