/**
 * OpenTelemetry for one process, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: the Node SDK
 * with the http, mongodb and ioredis instrumentations (HTTP server and client spans, one span
 * per MongoDB command and per Redis command), W3C trace context, spans batched to
 * `<endpoint>/v1/traces` (OTLP over HTTP, JSON). Must run before `http`, `mongodb` and `ioredis`
 * are first required: each app's `tracing.ts` is the first import of its `main.ts`.
 * `/metrics` and `/health*` requests make no spans (scrapes and probes would drown the orders).
 * The SDK is loaded only when tracing is on: its packages take seconds to load, which a process
 * with tracing off (every test, `npm start`) should not pay.
 */
import type { IncomingMessage } from 'node:http';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as HttpInstrumentationModule from '@opentelemetry/instrumentation-http';
import type * as IORedisModule from '@opentelemetry/instrumentation-ioredis';
import type * as MongoDBModule from '@opentelemetry/instrumentation-mongodb';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkNode from '@opentelemetry/sdk-node';
import type * as SdkTraceBase from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TelemetryConfig } from '@app/config';

const UNTRACED_PATHS = /^\/(metrics|health)(\/|\?|$)/;

export interface Tracing {
  /** Sends the spans still buffered and stops (at shutdown). */
  shutdown(): Promise<void>;
}

export interface TracingOverrides {
  /** Spans go here, each at once (tests: an in-memory exporter), whatever the endpoint. */
  readonly exporter?: SpanExporter;
}

let running: Tracing | undefined;

/** Starts tracing when configured (or given an exporter); returns undefined when it stays off. */
export function startTracing(app: string, config: TelemetryConfig, overrides: TracingOverrides = {}): Tracing | undefined {
  if (config.otlpEndpoint === undefined && overrides.exporter === undefined) return undefined;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, synchronously (see above) */
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof HttpInstrumentationModule;
  const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis') as typeof IORedisModule;
  const { MongoDBInstrumentation } = require('@opentelemetry/instrumentation-mongodb') as typeof MongoDBModule;
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof Resources;
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof SdkNode;
  const { BatchSpanProcessor, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof SdkTraceBase;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const spanProcessor =
    overrides.exporter !== undefined
      ? new SimpleSpanProcessor(overrides.exporter)
      : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${(config.otlpEndpoint ?? '').replace(/\/+$/, '')}/v1/traces` }), { scheduledDelayMillis: 1_000 });
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': config.serviceName ?? app }),
    autoDetectResources: false,
    spanProcessors: [spanProcessor],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? '') }),
      new MongoDBInstrumentation(),
      new IORedisInstrumentation(),
    ],
  });
  sdk.start();
  running = { shutdown: () => sdk.shutdown() };
  return running;
}

/** Flushes and stops the tracing this process started, if any (the observability module calls it at shutdown). */
export async function stopTracing(): Promise<void> {
  const tracing = running;
  running = undefined;
  await tracing?.shutdown();
}
