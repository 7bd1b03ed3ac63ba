/**
 * One chaos run: the real system (sandbox, API, N processes per worker kind) on the dev MongoDB
 * server and a Redis of its own, a steady load for `minutes` while faults from the mix are
 * injected one at a time (every fault once per round, a pause of 1-3 s between them), then every fault healed, every order
 * waited for, and every invariant checked (`assertSagaInvariants`, mail duplicates counted).
 * Throws when an invariant does not hold; the report says what happened either way.
 */
import { randomBytes } from 'node:crypto';
import { seededRandom, startRedisProcess } from '@app/testing';
import { assertSagaInvariants, type InvariantReport } from '../../support/invariants';
import { System } from '../../support/system';
import { FAULT, type ChaosOptions, type Fault } from './chaos-options';
import { CHAOS_LEASES, FaultInjector } from './fault-injector';
import { LoadGenerator, type LoadCounts } from './load-generator';

export interface ChaosReport {
  readonly options: ChaosOptions;
  readonly load: LoadCounts;
  readonly injected: Readonly<Record<Fault, number>>;
  readonly invariants: InvariantReport;
  /** From the end of the load until every order was terminal. */
  readonly settleMs: number;
  readonly elapsedMs: number;
}

const STOCK = new Map([
  ['CX-A', 1_000_000],
  ['CX-B', 1_000_000],
  ['CX-HOT', 400],
]);

/** Until every order is terminal after the load stopped: long enough for the slowest recovery path. */
const SETTLE_TIMEOUT_MS = 600_000;

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export async function runChaos(options: ChaosOptions, log: (line: string) => void = () => undefined): Promise<ChaosReport> {
  const started = Date.now();
  const random = seededRandom(options.seed);
  const redis = await startRedisProcess();
  const system = await System.start({
    label: 'chaos_suite',
    redisUrl: redis.url,
    workers: { inventory: options.workersPerKind, payment: options.workersPerKind, notification: options.workersPerKind },
    env: {
      JOB_LOCK_MS: String(CHAOS_LEASES.jobLockMs),
      LOCK_TTL_MS: String(CHAOS_LEASES.lockTtlMs),
      STUCK_AFTER_MS: '4000',
      CIRCUIT_OPEN_MS: '1000',
      PROVIDER_RETRY_DELAY_MS: '200',
      PROVIDER_RETRY_MAX_DELAY_MS: '2000',
    },
  });
  const injector = new FaultInjector(system, redis, random, log);
  try {
    for (const [sku, available] of STOCK) await system.setStock(sku, available, 900);
    const load = new LoadGenerator(system, random, [...STOCK.keys()], {
      ordersPerSecond: options.ordersPerSecond,
      cancels: options.faults.includes(FAULT.CANCEL),
      paymentChaos: options.faults.includes(FAULT.PAYMENT),
      runTag: `chaos-${randomBytes(3).toString('hex')}`,
    });
    const until = Date.now() + options.minutes * 60_000;
    const injected = options.faults.filter((fault) => fault !== FAULT.CANCEL);
    // Rounds in which every fault of the mix comes once, in a random order: a short run sees them all.
    const faults = (async (): Promise<void> => {
      while (injected.length > 0 && Date.now() < until) {
        for (const fault of shuffled(injected, random)) {
          await new Promise((done) => setTimeout(done, 1_000 + Math.floor(random() * 2_000)));
          if (Date.now() >= until) return;
          await injector.inject(fault);
        }
      }
    })();
    await Promise.all([load.run(until), faults]);
    await injector.healAll();
    log(`load done: ${JSON.stringify(load.counts)}; waiting for every order to end`);
    const settling = Date.now();
    const orders = await system.waitForQuiescence(SETTLE_TIMEOUT_MS);
    const settleMs = Date.now() - settling;
    const invariants = await assertSagaInvariants(system, STOCK, orders, { mailDuplicatesAllowed: true });
    return { options, load: load.counts, injected: { ...injector.injected }, invariants, settleMs, elapsedMs: Date.now() - started };
  } catch (error) {
    // Say which process died on its own (the injector's kills end by SIGKILL) and what it said last.
    for (const process of system.processes.filter((candidate) => candidate.child.exitCode !== null)) {
      log(`${process.name} (pid ${String(process.child.pid)}) exited with ${String(process.child.exitCode)}:\n${process.output().slice(-3_000)}`);
    }
    throw error;
  } finally {
    await injector.healAll().catch(() => undefined);
    await system.stop();
    await redis.dispose();
  }
}
