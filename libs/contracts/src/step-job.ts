import type { SagaStepName } from './saga-step';

/**
 * The payload of every saga job. A job asks "run `step` of order `orderId` at saga `version`";
 * when the saga has moved past that version the job is stale and is dropped (and counted).
 */
export interface StepJobData {
  readonly orderId: string;
  readonly step: SagaStepName;
  readonly version: number;
  /** How many times this job found an item lock busy and was re-queued with a delay. */
  readonly busyCount?: number;
  /** How many times this job met a provider outage (payment, mail) and was re-queued with a delay. */
  readonly providerRetries?: number;
  /** When this job first met that outage (epoch ms): its retry window runs from here. */
  readonly providerFailingSince?: number;
  /**
   * Attempts this step used up inside a batch job before it was queued again on its own: its own
   * job then allows only the attempts left (`MAX_ATTEMPTS` in all).
   */
  readonly attemptsBefore?: number;
  /**
   * The W3C trace context (`traceparent`, `tracestate`) of whoever dispatched the job, when tracing
   * is on: the worker continues that trace, so one order is one trace across every process.
   */
  readonly trace?: Readonly<Record<string, string>>;
  /**
   * The order as the transition that dispatched this step wrote it (without its history and its
   * payment token, dates as ISO strings), when the step was dispatched right after that
   * transition. The saga lib decides when a run may read it instead of loading the order (see its
   * `step-order.snapshot`).
   */
  readonly order?: Readonly<Record<string, unknown>>;
}

/**
 * The payload of a batch job: the steps of several orders that one process dispatched to the
 * same queue at the same moment, carried by one BullMQ job instead of one job each. A worker
 * runs every step of it as if it were its own job; a step that must run again later (a busy
 * lock, an outage, a retry) is queued again as its own job.
 */
export interface StepBatchData {
  readonly steps: readonly StepJobData[];
}

/** What a saga queue carries: one step, or a batch of steps. */
export type SagaJobData = StepJobData | StepBatchData;

/** BullMQ job name of a batch job (a single step's job is named after its step). */
export const STEP_BATCH_JOB = 'STEP_BATCH';

export function isStepBatch(data: SagaJobData): data is StepBatchData {
  return 'steps' in data;
}

/** The step without the order its dispatch carried: a run that comes later reads the order afresh. */
export function withoutOrder(data: StepJobData): StepJobData {
  if (data.order === undefined) return data;
  const { order: _carried, ...rest } = data;
  return rest;
}

/** BullMQ job id for a step job: one job per saga version (BullMQ custom ids may not contain ':'). */
export function stepJobId(orderId: string, version: number): string {
  return `${orderId}.v${version}`;
}
