/**
 * Injects one fault at a time into a running system and heals it: kills and replaces workers,
 * freezes them past their leases, restarts Redis, makes the payment provider and the mail server
 * fail. `healAll` undoes whatever is still in effect (a thawed worker, Redis up, providers ok).
 */
import { APP, pick, type AppProcess, type RedisProcess } from '@app/testing';
import type { System } from '../../support/system';
import { FAULT, type Fault } from './chaos-options';

const WORKER_APPS = [APP.INVENTORY_WORKER, APP.PAYMENT_WORKER, APP.NOTIFICATION_WORKER] as const;

/** The leases a paused worker must outlive (the suite's JOB_LOCK_MS and LOCK_TTL_MS). */
export const CHAOS_LEASES = { jobLockMs: 2_000, lockTtlMs: 1_000 } as const;

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

export class FaultInjector {
  readonly injected: Record<Fault, number> = { kill: 0, pause: 0, redis: 0, payment: 0, mail: 0, cancel: 0 };
  private readonly frozen = new Set<number>();

  constructor(
    private readonly system: System,
    private readonly redis: RedisProcess,
    private readonly random: () => number,
    private readonly log: (line: string) => void,
  ) {}

  /** Applies `fault`, keeps it for a few seconds where it lasts, and heals it. */
  async inject(fault: Fault): Promise<void> {
    this.injected[fault] += 1;
    switch (fault) {
      case FAULT.KILL:
        return this.kill();
      case FAULT.PAUSE:
        return this.pause();
      case FAULT.REDIS:
        return this.restartRedis();
      case FAULT.PAYMENT:
        return this.paymentOutage();
      case FAULT.MAIL:
        return this.mailOutage();
      case FAULT.CANCEL:
        // Cancels ride on the load itself (see LoadGenerator); nothing to inject here.
        return;
    }
  }

  async healAll(): Promise<void> {
    for (const pid of this.frozen) process.kill(pid, 'SIGCONT');
    this.frozen.clear();
    await this.redis.start();
    await this.system.setFaults({ payments: 'ok', mail: 'ok' });
  }

  private victim(): AppProcess | undefined {
    const candidates = WORKER_APPS.flatMap((name) => this.system.workers(name));
    return candidates.length === 0 ? undefined : pick(this.random, candidates);
  }

  private async kill(): Promise<void> {
    const victim = this.victim();
    if (victim === undefined) return;
    this.log(`kill ${victim.name} (pid ${String(victim.child.pid)})`);
    await victim.kill();
    await this.system.startWorker(victim.name);
  }

  private async pause(): Promise<void> {
    const pid = this.victim()?.child.pid;
    if (pid === undefined) return;
    const ms = CHAOS_LEASES.jobLockMs + 500 + Math.floor(this.random() * 2_000);
    this.log(`pause pid ${pid} for ${ms} ms`);
    this.frozen.add(pid);
    process.kill(pid, 'SIGSTOP');
    await sleep(ms);
    process.kill(pid, 'SIGCONT');
    this.frozen.delete(pid);
  }

  private async restartRedis(): Promise<void> {
    const ms = 1_000 + Math.floor(this.random() * 1_500);
    this.log(`redis down for ${ms} ms`);
    await this.redis.stop();
    await sleep(ms);
    await this.redis.start();
  }

  private async paymentOutage(): Promise<void> {
    const mode = this.random() < 0.5 ? 'unavailable' : 'hang';
    const ms = 2_000 + Math.floor(this.random() * 3_000);
    this.log(`payment provider ${mode} for ${ms} ms`);
    await this.system.setFaults({ payments: mode });
    await sleep(ms);
    await this.system.setFaults({ payments: 'ok' });
  }

  private async mailOutage(): Promise<void> {
    const ms = 2_000 + Math.floor(this.random() * 3_000);
    this.log(`mail server unavailable for ${ms} ms`);
    await this.system.setFaults({ mail: 'unavailable' });
    await sleep(ms);
    await this.system.setFaults({ mail: 'ok' });
  }
}
