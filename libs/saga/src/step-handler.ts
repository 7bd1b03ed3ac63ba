import type { SagaStepName } from '@app/contracts';
import type { StepOrder } from '@app/domain';

export interface StepAttempt {
  readonly number: number;
  readonly final: boolean;
  /** When this job first met a provider outage (epoch ms), if it has: its retry window runs from here. */
  readonly providerFailingSince?: number;
  /** The job's first start: no earlier run of it went before (absent: unknown, treated as not). */
  readonly firstRun?: boolean;
}

export interface StepContext {
  readonly order: StepOrder;
  readonly attempt: StepAttempt;
}

/** Extra order fields a step records together with its transition (e.g. the charge id). */
export interface StepResult {
  readonly fields?: Record<string, unknown>;
}

/**
 * One saga step or compensation. Contract: `execute` is idempotent (running it again after a
 * crash, or twice at once, changes nothing more), enforced by database filters and unique
 * indexes or by the provider's idempotency key. It throws `StepRejectedError` for a final
 * business failure, `CancelRequestedError` when a cancel won the pivot, `LockBusyError` when an
 * item lock is held, `ProviderUnavailableError` when the payment provider or mail server is down
 * or gave no definite answer (retried for RETRY_WINDOW_MS); any other error is treated as
 * technical and retried MAX_ATTEMPTS times.
 */
export interface StepHandler {
  readonly step: SagaStepName;
  execute(context: StepContext): Promise<StepResult | void>;
}

export const STEP_HANDLERS = Symbol('STEP_HANDLERS');
