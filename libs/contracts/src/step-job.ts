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
   * The W3C trace context (`traceparent`, `tracestate`) of whoever dispatched the job, when tracing
   * is on: the worker continues that trace, so one order is one trace across every process.
   */
  readonly trace?: Readonly<Record<string, string>>;
}

/** BullMQ job id for a step job: one job per saga version (BullMQ custom ids may not contain ':'). */
export function stepJobId(orderId: string, version: number): string {
  return `${orderId}.v${version}`;
}
