/**
 * One order is one trace: with tracing on (an in-memory exporter), a step dispatched inside a
 * span carries that span's context in its job data (real Redis); the processor runs the job in a
 * consumer span continuing it, with the step's log fields; the step it dispatches next carries
 * the consumer span's context, and so on through every worker.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Queue, type Job } from 'bullmq';
import { ShutdownState } from '@app/lifecycle';
import { QUEUE, SAGA_STEP, stepJobId, type SagaJobData, type StepJobData } from '@app/contracts';
import { currentLogFields, startTracing, stopTracing, type LogFields } from '@app/observability';
import { createTestEnvironment, type TestEnvironment } from '@app/testing';
import { redisOptionsFromUrl } from './redis-connection';
import { SagaJobProcessor, type AttemptInfo } from './saga-job.processor';
import { StepDispatcher } from './step-dispatcher.service';

const SETTINGS = { concurrency: 8, lockRetryDelayMs: 10, lockRetryMaxDelayMs: 10, providerRetryDelayMs: 10, providerRetryMaxDelayMs: 10 };

/** A processor whose step records the log fields in effect and dispatches the next step. */
class DispatchingProcessor extends SagaJobProcessor {
  readonly fields: (LogFields | undefined)[] = [];
  constructor(private readonly next: StepDispatcher) {
    super(SETTINGS, new ShutdownState(10_000), next);
  }
  protected async handle(data: StepJobData): Promise<void> {
    this.fields.push(currentLogFields());
    if (data.step === SAGA_STEP.RESERVE_STOCK) await this.next.dispatch(data.orderId, SAGA_STEP.AUTHORIZE_PAYMENT, data.version + 1);
  }
  run(job: Job<SagaJobData>, _attempt?: AttemptInfo): Promise<void> {
    return this.process(job);
  }
}

function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent?.split('-')[1];
}

describe('trace context across the queue', () => {
  const exporter = new InMemorySpanExporter();
  let env: TestEnvironment;
  let queues: Queue<SagaJobData>[];
  let dispatcher: StepDispatcher;

  before(async () => {
    startTracing('spec', { otlpEndpoint: undefined, serviceName: undefined }, { exporter });
    env = await createTestEnvironment('tracing');
    const connection = redisOptionsFromUrl(env.redisUrl);
    queues = [QUEUE.INVENTORY, QUEUE.PAYMENT, QUEUE.NOTIFICATION].map((name) => new Queue<SagaJobData>(name, { connection, prefix: env.queuePrefix }));
    const [inventory, payment, notification] = queues as [Queue<SagaJobData>, Queue<SagaJobData>, Queue<SagaJobData>];
    dispatcher = new StepDispatcher(inventory, payment, notification, { redisUrl: env.redisUrl, prefix: env.queuePrefix, maxAttempts: 3, retryDelayMs: 10 });
  });

  after(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await env.cleanup();
    await stopTracing();
  });

  it("continues the API's trace in each step's job and in the step it dispatches next", async () => {
    const [inventory, payment] = queues as [Queue<SagaJobData>, Queue<SagaJobData>];
    const apiSpan = await trace.getTracer('spec').startActiveSpan('POST /orders', { kind: SpanKind.SERVER }, async (span) => {
      await dispatcher.dispatch('ord_traced', SAGA_STEP.RESERVE_STOCK, 1);
      span.end();
      return span.spanContext();
    });

    const reserve = await inventory.getJob(stepJobId('ord_traced', 1));
    assert.ok(reserve, 'the job was queued');
    assert.equal(traceIdOf((reserve.data as StepJobData).trace?.['traceparent']), apiSpan.traceId, 'the job carries the dispatching span\'s trace');

    const processor = new DispatchingProcessor(dispatcher);
    await processor.run(reserve);
    const authorize = await payment.getJob(stepJobId('ord_traced', 2));
    assert.ok(authorize);
    assert.equal(traceIdOf((authorize.data as StepJobData).trace?.['traceparent']), apiSpan.traceId, 'the next step stays in the same trace');
    await processor.run(authorize);

    const spans = exporter.getFinishedSpans();
    const consumers = spans.filter((span) => span.kind === SpanKind.CONSUMER);
    assert.deepEqual(consumers.map((span) => span.name), ['inventory process RESERVE_STOCK', 'payment process AUTHORIZE_PAYMENT']);
    for (const span of consumers) assert.equal(span.spanContext().traceId, apiSpan.traceId);
    const [reserveSpan, authorizeSpan] = consumers;
    assert.equal(reserveSpan?.parentSpanContext?.spanId, apiSpan.spanId, 'the first step is a child of the API request');
    assert.equal(authorizeSpan?.parentSpanContext?.spanId, reserveSpan?.spanContext().spanId, 'each step is a child of the one that dispatched it');
    assert.equal(reserveSpan?.attributes['saga.order_id'], 'ord_traced');

    assert.deepEqual(processor.fields[0], { orderId: 'ord_traced', step: 'RESERVE_STOCK', sagaVersion: 1, jobId: 'ord_traced.v1', attempt: 1 }, 'the step runs with its log fields');
    assert.equal(processor.fields[1]?.['step'], 'AUTHORIZE_PAYMENT');
  });
});
