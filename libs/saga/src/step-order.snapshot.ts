/**
 * "Don't read what you just wrote": a step dispatched right after a transition carries the order
 * as that transition wrote it (`StepJobData.order`, without its history), and its first run
 * reads it from there instead of loading the order (one `find` per batch of steps fewer).
 *
 * When a run may take the order from its job (`orderFromJob`), and why that is as safe as a load:
 *  - Only on the job's first start (`StepAttempt.firstRun`). A job that runs again (its worker
 *    paused or died, a retry, a busy lock, an outage) and the recovery sweep's copy load the
 *    order, as before, and are dropped when the saga has moved on.
 *  - Only at steps whose first effect is a write the database refuses when the step is stale or
 *    cancelled, so that a run that took an outdated order changes nothing: the pivot claims the
 *    order under its version (a cancel requested meanwhile, or a saga that moved on, makes the
 *    claim fail, and the run reads the order then); a release is a fenced stock pass that gives
 *    back only what the order still holds; a message is sent only by whoever claims its outbox
 *    record, once. The steps a cancel can still stop before they run (`RESERVE_STOCK`,
 *    `AUTHORIZE_PAYMENT`) and the payment steps (a call to the provider is the first thing they
 *    do) always load the order: the load is their check before the call.
 *  - The carried order must name the job's order, version and step; otherwise it is ignored.
 *  - It leaves out the payment token (a secret: jobs are shown on the queues board and failed
 *    ones are kept for days); none of these steps uses it, and the order read from a job has an
 *    empty one. AUTHORIZE_PAYMENT, the one step that sends it, always loads the order.
 * A first run can still be stale (the sweep queued the same version again and that copy ran
 * first): its step then changes nothing, and its version-guarded transition is dropped as
 * stale, as a duplicate delivery's is.
 */
import { SAGA_STEP, type SagaStepName, type StepJobData } from '@app/contracts';
import type { SagaState, StepOrder } from '@app/domain';
import type { StepAttempt } from './step-handler';

/** The steps that may read the order from their job (see above); every other step loads it. */
const READS_ORDER_FROM_JOB: ReadonlySet<SagaStepName> = new Set([SAGA_STEP.COMMIT_STOCK, SAGA_STEP.RELEASE_STOCK, SAGA_STEP.SEND_CONFIRMATION, SAGA_STEP.SEND_CANCELLATION]);

/** The stored dates of a StepOrder (JSON carries them as ISO strings). */
const DATE_FIELDS = ['createdAt', 'updatedAt', 'dispatchedAt'] as const;

/**
 * What the job of `next.step` carries: the order after its transition to `next` at `at` —
 * `order` with the saga, the step's `fields` (dotted paths, as `$set` applies them) and the
 * transition's timestamps — or nothing when that step will load the order anyway.
 */
export function orderForNextStep(order: StepOrder, next: SagaState, fields: Readonly<Record<string, unknown>>, at: Date): Record<string, unknown> | undefined {
  if (next.step === null || !READS_ORDER_FROM_JOB.has(next.step)) return undefined;
  const { token: _secret, ...payment } = order.payment;
  const after: Record<string, unknown> = { ...order, payment, saga: next, updatedAt: at, dispatchedAt: at };
  for (const [path, value] of Object.entries(fields)) setPath(after, path.split('.'), value);
  return after;
}

/** The order the job carries, when this run may take it from there (see above); null: load it. */
export function orderFromJob(job: StepJobData, attempt: StepAttempt): StepOrder | null {
  const carried = job.order;
  if (carried === undefined || attempt.firstRun !== true) return null;
  const saga = carried['saga'] as Partial<SagaState> | undefined;
  if (!READS_ORDER_FROM_JOB.has(job.step) || carried['_id'] !== job.orderId || saga?.version !== job.version || saga.step !== job.step) return null;
  const order: Record<string, unknown> = { ...carried, payment: { ...(carried['payment'] as Record<string, unknown> | undefined), token: '' } };
  for (const field of DATE_FIELDS) {
    const value = carried[field];
    if (typeof value !== 'string') return null;
    order[field] = new Date(value);
  }
  return order as unknown as StepOrder;
}

function setPath(target: Record<string, unknown>, parts: readonly string[], value: unknown): void {
  const [head, ...rest] = parts;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const inner = target[head];
  const copy: Record<string, unknown> = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? { ...(inner as Record<string, unknown>) } : {};
  target[head] = copy;
  setPath(copy, rest, value);
}
