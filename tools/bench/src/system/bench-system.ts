/**
 * The product as real processes for one run: the sandbox, the order API and W processes of each
 * worker kind (WORKER_CONCURRENCY=C, LOG_LEVEL=error), in the run's own database and queue
 * prefix. The inventory worker is the product's or, for the naive baseline, the bench's own.
 */
import { randomBytes } from 'node:crypto';
import { APP, freePort, startApp, startSandboxProcess, type AppProcess, type TestEnvironment } from '@app/testing';
import { startNaiveInventoryWorker } from './naive-worker-process';

export const INVENTORY_VARIANT = { OURS: 'ours', NAIVE: 'naive' } as const;
export type InventoryVariant = (typeof INVENTORY_VARIANT)[keyof typeof INVENTORY_VARIANT];

/** Generous: on a busy 2-core machine several Nest processes boot at once. */
const READY_TIMEOUT_MS = 120_000;

export interface SystemPlan {
  readonly workersPerKind: number;
  readonly concurrency: number;
  readonly inventory: InventoryVariant;
  /** Absolute folder for `node --cpu-prof` profiles of every process; null for none. */
  readonly cpuProfDir: string | null;
}

export interface RunningProcess {
  /** e.g. `order-api`, `payment-worker#2`. */
  readonly role: string;
  readonly pid: number;
}

interface Member {
  readonly role: string;
  readonly process: Pick<AppProcess, 'child' | 'stop'>;
}

export class BenchSystem {
  private constructor(
    readonly apiUrl: string,
    /** The API's ADMIN_TOKEN: the console queries and the simulated consoles use it. */
    readonly adminToken: string,
    private readonly members: readonly Member[],
  ) {}

  static async start(env: TestEnvironment, plan: SystemPlan): Promise<BenchSystem> {
    const started: Member[] = [];
    try {
      const profiling: Record<string, string> = plan.cpuProfDir === null ? {} : { CPU_PROF_DIR: plan.cpuProfDir };
      const sandbox = await startSandboxProcess(undefined, undefined, profiling);
      started.push({ role: 'sandbox', process: sandbox.process });
      const apiPort = await freePort();
      const shared = env.appEnv({ PAYMENT_PROVIDER_URL: sandbox.httpUrl, SMTP_URL: sandbox.smtpUrl, WORKER_CONCURRENCY: String(plan.concurrency), LOG_LEVEL: 'error', ...profiling });
      const adminToken = randomBytes(16).toString('hex');
      const api = { ...shared, API_HOST: '127.0.0.1', API_PORT: String(apiPort), ADMIN_TOKEN: adminToken, RATE_LIMIT_PER_MINUTE: '0' };
      const starts: Promise<Member>[] = [startApp(APP.ORDER_API, api, READY_TIMEOUT_MS).then((process) => ({ role: APP.ORDER_API, process }))];
      for (let i = 1; i <= plan.workersPerKind; i += 1) {
        starts.push(
          plan.inventory === INVENTORY_VARIANT.NAIVE
            ? startNaiveInventoryWorker(shared, READY_TIMEOUT_MS).then((process) => ({ role: `naive-inventory-worker#${i}`, process }))
            : startApp(APP.INVENTORY_WORKER, shared, READY_TIMEOUT_MS).then((process) => ({ role: `${APP.INVENTORY_WORKER}#${i}`, process })),
          startApp(APP.PAYMENT_WORKER, shared, READY_TIMEOUT_MS).then((process) => ({ role: `${APP.PAYMENT_WORKER}#${i}`, process })),
          startApp(APP.NOTIFICATION_WORKER, shared, READY_TIMEOUT_MS).then((process) => ({ role: `${APP.NOTIFICATION_WORKER}#${i}`, process })),
        );
      }
      const results = await Promise.allSettled(starts);
      for (const result of results) if (result.status === 'fulfilled') started.push(result.value);
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
      return new BenchSystem(`http://127.0.0.1:${apiPort}`, adminToken, started);
    } catch (error) {
      await Promise.all(started.map((member) => member.process.stop()));
      throw error;
    }
  }

  processes(): RunningProcess[] {
    return this.members.flatMap((member) => (member.process.child.pid === undefined ? [] : [{ role: member.role, pid: member.process.child.pid }]));
  }

  /** SIGTERM to every process (SIGKILL after a grace period); workers flush and close on the way out. */
  async stop(): Promise<void> {
    await Promise.all(this.members.map((member) => member.process.stop()));
  }
}
