/**
 * The trace context of a saga job: the dispatcher puts the W3C `traceparent` of the active span
 * into the job's data (`traceCarrier`), the worker continues it (`runInStepJob`), so an order is
 * one trace from `POST /orders` through every step in every worker. With tracing off (no SDK
 * started) the API's no-op implementations make both free: no carrier, no span.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Attributes } from '@opentelemetry/api';
import { withLogFields, type LogFields } from '../logging/log-context';

const tracer = trace.getTracer('saga');

/** The active trace context as a carrier for job data, or undefined when there is none (tracing off). */
export function traceCarrier(): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/** `traceId` and `spanId` of the active span, for log lines (none when tracing is off). */
export function traceLogFields(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  return traceFlags === 0 ? {} : { traceId, spanId };
}

export interface StepJobScope {
  readonly orderId: string;
  readonly step: string;
  readonly sagaVersion: number;
  readonly jobId: string;
  readonly attempt: number;
  readonly queue: string;
  /** The carrier the dispatcher put into the job, if any. */
  readonly trace?: Readonly<Record<string, string>>;
}

/**
 * Runs one job of a step: every log line under it carries `orderId`, `step`, `sagaVersion`,
 * `jobId`, `attempt`; it runs in a consumer span that continues the job's trace. An error for
 * which `expected` holds (a re-queue) ends the span without marking it failed.
 */
export function runInStepJob<T>(scope: StepJobScope, work: () => Promise<T>, expected: (error: unknown) => boolean = () => false): Promise<T> {
  const fields: LogFields = { orderId: scope.orderId, step: scope.step, sagaVersion: scope.sagaVersion, jobId: scope.jobId, attempt: scope.attempt };
  const parent = scope.trace === undefined ? context.active() : propagation.extract(ROOT_CONTEXT, scope.trace);
  const attributes: Attributes = {
    'messaging.system': 'bullmq',
    'messaging.destination.name': scope.queue,
    'messaging.message.id': scope.jobId,
    'saga.order_id': scope.orderId,
    'saga.step': scope.step,
    'saga.version': scope.sagaVersion,
    'saga.attempt': scope.attempt,
  };
  return tracer.startActiveSpan(`${scope.queue} process ${scope.step}`, { kind: SpanKind.CONSUMER, attributes }, parent, (span) =>
    withLogFields(fields, async () => {
      try {
        return await work();
      } catch (error) {
        if (!expected(error)) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        }
        throw error;
      } finally {
        span.end();
      }
    }),
  );
}
