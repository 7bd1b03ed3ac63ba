/**
 * Graceful shutdown under load, as a rolling deploy does it: replacement workers start, the old
 * ones get SIGTERM while orders flow. Nothing may be lost and no step may run twice because of it.
 *
 * The safety nets a crash relies on are pushed out of reach on purpose (JOB_LOCK_MS 60 s, so a
 * job left active would stall far longer than the test waits; the recovery sweep every 10 min,
 * STUCK_AFTER_MS 10 min): every order must finish through the drain and the hand-back alone,
 * or the wait for quiescence times out.
 *
 * Checked: each SIGTERMed worker exits by itself within SHUTDOWN_GRACE_MS and says how it let go
 * of its jobs; every saga invariant (stock, money, one message per order, sent once); no step
 * appears SUCCEEDED twice in any saga history; no job ends in BullMQ's failed set.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { QUEUE, SAGA_STEP } from '@app/contracts';
import { COLLECTION } from '@app/dal';
import { redisOptionsFromUrl } from '@app/queue';
import { APP, pick, seededRandom, waitFor, type AppName, type AppProcess } from '@app/testing';
import { assertSagaInvariants } from '../support/invariants';
import { System } from '../support/system';

const SAFETY_NETS_OUT_OF_REACH = { JOB_LOCK_MS: '60000', RECOVERY_INTERVAL_MS: '600000', STUCK_AFTER_MS: '600000' };
/** A starved machine answers slowly: the API waits longer on MongoDB before a 503 (not what is tested here). */
const PATIENT_DATABASE = { API_DB_TIMEOUT_MS: '20000' };
const WORKER_KINDS = [APP.INVENTORY_WORKER, APP.PAYMENT_WORKER, APP.NOTIFICATION_WORKER] as const;

interface HistoryDoc {
  readonly _id: string;
  readonly history: readonly { step: string; outcome: string }[];
}

function orderBody(stock: ReadonlyMap<string, number>, random: () => number, i: number, tokens: readonly string[]): unknown {
  const skus = [...stock.keys()];
  const basket = skus.filter(() => random() < 0.5);
  if (basket.length === 0) basket.push(pick(random, skus));
  return {
    customerId: `drain-${i}`,
    email: `drain${i}@example.com`,
    items: basket.map((sku) => ({ sku, quantity: 1 + Math.floor(random() * 2) })),
    payment: { token: pick(random, tokens) },
  };
}

/** SIGTERM and wait for the exit; returns how long it took. */
async function terminate(worker: AppProcess): Promise<number> {
  const began = Date.now();
  await worker.stop();
  return Date.now() - began;
}

/** What is still open, for the failure message: sagas by status and step, and each queue's jobs by state. */
async function openWork(system: System): Promise<string> {
  const open = await system.env.db
    .collection(COLLECTION.ORDERS)
    .aggregate<{ _id: unknown; count: number }>([{ $match: { 'saga.status': { $nin: ['COMPLETED', 'CANCELLED', 'FAILED'] } } }, { $group: { _id: { status: '$saga.status', step: '$saga.step' }, count: { $sum: 1 } } }])
    .toArray();
  const queues: Record<string, unknown> = {};
  for (const name of Object.values(QUEUE)) {
    const queue = new Queue(name, { connection: redisOptionsFromUrl(system.env.redisUrl), prefix: system.env.queuePrefix });
    queues[name] = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    await queue.close();
  }
  return `open sagas ${JSON.stringify(open)}; queues ${JSON.stringify(queues)}`;
}

/**
 * Waits for every order to end (on time-out, says what was still open), then checks every saga
 * invariant, that no history shows a step SUCCEEDED twice and that no job ended failed.
 */
async function assertEveryOrderEndedOnce(system: System, stock: ReadonlyMap<string, number>, placed: readonly string[], timeoutMs: number): Promise<void> {
  let orders: Awaited<ReturnType<System['waitForQuiescence']>>;
  try {
    orders = await system.waitForQuiescence(timeoutMs);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}: ${await openWork(system)}`);
  }
  assert.equal(orders.length, placed.length);
  await assertSagaInvariants(system, stock, orders);
  await assertNoStepSucceededTwice(system);
  await assertNoFailedJobs(system);
}

async function assertNoStepSucceededTwice(system: System): Promise<void> {
  const orders = await system.env.db.collection<HistoryDoc>(COLLECTION.ORDERS).find({}, { projection: { history: 1 } }).toArray();
  for (const order of orders) {
    const succeeded = order.history.filter((entry) => entry.outcome === 'SUCCEEDED').map((entry) => entry.step);
    assert.equal(new Set(succeeded).size, succeeded.length, `order ${order._id}: a step succeeded twice: ${succeeded.join(', ')}`);
  }
}

async function assertNoFailedJobs(system: System): Promise<void> {
  for (const name of Object.values(QUEUE)) {
    const queue = new Queue(name, { connection: redisOptionsFromUrl(system.env.redisUrl), prefix: system.env.queuePrefix });
    try {
      assert.equal(await queue.getFailedCount(), 0, `queue ${name}: no job ended failed`);
    } finally {
      await queue.close();
    }
  }
}

describe('graceful shutdown: SIGTERM mid-load', () => {
  const systems: System[] = [];

  after(async () => {
    await Promise.all(systems.map((system) => system.stop()));
  });

  it('rolling restart of every worker kind, twice, while orders flow: every running job finishes, nothing is lost or done twice', { timeout: 420_000 }, async () => {
    const stock = new Map([
      ['RR-A', 80],
      ['RR-B', 50],
      ['RR-C', 25],
    ]);
    const system = await System.start({ label: 'rolling', workers: { inventory: 1, payment: 1, notification: 1 }, env: { ...SAFETY_NETS_OUT_OF_REACH, ...PATIENT_DATABASE, SHUTDOWN_GRACE_MS: '8000' } });
    systems.push(system);
    // Two of each kind, the second ones started one by one (a loaded machine boots seven at once slowly).
    for (const name of WORKER_KINDS) await system.startWorker(name);
    for (const [sku, available] of stock) await system.setStock(sku, available, 500);

    // Orders flow from before the first SIGTERM until after the last one.
    const random = seededRandom(23);
    const placing: Promise<string>[] = [];
    let restarting = true;
    const flow = (async () => {
      for (let i = 0; i < 200 && (restarting || i < 60); i += 1) {
        placing.push(system.placeOrder(orderBody(stock, random, i, ['tok_visa', 'tok_visa', 'tok_visa', 'tok_decline', 'tok_flaky']), `rolling-${i}`));
        await new Promise((done) => setTimeout(done, 100));
      }
    })();

    // As a rolling update does it: the replacement is up before the old pod gets SIGTERM.
    const stopped: { name: AppName; process: AppProcess; exit: Promise<number> }[] = [];
    for (let round = 0; round < 2; round += 1) {
      await new Promise((done) => setTimeout(done, 500));
      const olds = WORKER_KINDS.map((name) => {
        const [old] = system.workers(name);
        assert.ok(old, `a running ${name}`);
        return { name, old };
      });
      await Promise.all(WORKER_KINDS.map((name) => system.startWorker(name)));
      for (const { name, old } of olds) stopped.push({ name, process: old, exit: terminate(old) });
    }
    const exits = await Promise.all(stopped.map((entry) => entry.exit));
    restarting = false;
    await flow;
    const placed = await Promise.all(placing);

    for (const [i, { name, process }] of stopped.entries()) {
      const ms = exits[i] ?? 0;
      assert.equal(process.child.exitCode, 0, `${name} exited by itself, cleanly:\n${process.output()}`);
      assert.ok(ms < 8_000, `${name} exited within SHUTDOWN_GRACE_MS (took ${ms} ms)`);
      assert.match(process.output(), /stopped taking jobs; \d+ running job\(s\) finished/, `${name} drained its jobs`);
    }

    await assertEveryOrderEndedOnce(system, stock, placed, 120_000);
  });

  it('a step that outlasts the grace period is handed back at once and finished by the replacement, exactly once', { timeout: 180_000 }, async () => {
    const stock = new Map([['HB-A', 40]]);
    // tok_timeout: the sandbox holds the authorization's answer 4 s; the payment worker waits up
    // to 10 s for it, but has 2 s of grace: at 1.5 s it hands the running authorizations back.
    const system = await System.start({
      label: 'handback',
      workers: { inventory: 1, payment: 1, notification: 1 },
      sandboxSlowResponseMs: 4_000,
      env: { ...SAFETY_NETS_OUT_OF_REACH, ...PATIENT_DATABASE, PAYMENT_TIMEOUT_MS: '10000', SHUTDOWN_GRACE_MS: '2000' },
    });
    systems.push(system);
    for (const [sku, available] of stock) await system.setStock(sku, available, 500);

    const random = seededRandom(5);
    const placed = await Promise.all(Array.from({ length: 6 }, (_, i) => system.placeOrder(orderBody(stock, random, i, ['tok_timeout']), `handback-${i}`)));
    const orders = system.env.db.collection<{ saga: { step: string | null } }>(COLLECTION.ORDERS);
    await waitFor(async () => ((await orders.countDocuments({ 'saga.step': SAGA_STEP.AUTHORIZE_PAYMENT })) >= 2 ? true : undefined), 20_000, 'authorizations in flight', 50);

    const [old] = system.workers(APP.PAYMENT_WORKER);
    assert.ok(old);
    const replacement = system.startWorker(APP.PAYMENT_WORKER);
    const ms = await terminate(old);
    await replacement;

    assert.ok(ms < 2_000 + 1_500, `the payment worker was gone within SHUTDOWN_GRACE_MS (took ${ms} ms)`);
    const handedBack = /handed back (\d+) job\(s\)/.exec(old.output());
    assert.ok(handedBack, `the payment worker handed its running jobs back:\n${old.output()}`);
    assert.ok(Number(handedBack[1]) >= 1, 'at least one authorization was handed back');

    await assertEveryOrderEndedOnce(system, stock, placed, 60_000);
  });

  it('the API answers every request it accepted before it stops, then refuses connections', { timeout: 120_000 }, async () => {
    const system = await System.start({ label: 'api-drain', workers: { inventory: 0, payment: 0, notification: 0 }, env: { ...PATIENT_DATABASE, SHUTDOWN_GRACE_MS: '8000' } });
    systems.push(system);
    await system.setStock('AD-A', 1_000, 100);
    const api = system.processes.find((process) => process.name === APP.ORDER_API);
    assert.ok(api);

    const body = JSON.stringify({ customerId: 'drain', email: 'drain@example.com', items: [{ sku: 'AD-A', quantity: 1 }], payment: { token: 'tok_visa' } });
    const requests = Array.from({ length: 40 }, (_, i) =>
      fetch(`${system.apiUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `drain-${i}` }, body }).then(
        async (response) => ({ status: response.status, orderId: response.status === 202 ? ((await response.json()) as { orderId: string }).orderId : undefined }),
        () => ({ status: 0, orderId: undefined }),
      ),
    );
    await new Promise((done) => setTimeout(done, 20));
    const stopping = api.stop();
    const answers = await Promise.all(requests);
    await stopping;

    assert.equal(api.child.exitCode, 0, `the API exited by itself, cleanly:\n${api.output()}`);
    const accepted = answers.filter((answer) => answer.status === 202);
    assert.ok(accepted.length > 0, 'requests in flight at SIGTERM were answered');
    assert.deepEqual(answers.filter((answer) => answer.status !== 202 && answer.status !== 0), [], 'no request got an error answer: answered, or never accepted');
    const stored = await system.env.db.collection(COLLECTION.ORDERS).countDocuments({ _id: { $in: accepted.map((answer) => answer.orderId) as never[] } });
    assert.equal(stored, accepted.length, 'every accepted order is stored');
    await assert.rejects(fetch(`${system.apiUrl}/health`), 'a stopped API refuses connections');
  });
});
