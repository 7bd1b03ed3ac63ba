/**
 * libs/observability — one metrics registry, the logger and the tracing setup, shared by all apps.
 *
 * - Metrics: `MetricsRegistry` (prom-client) with every metric name in `METRIC`; `GET /metrics`
 * - Logs: pino through nestjs-pino (`ObservabilityModule`, `loggerParams`), JSON or pretty; the
 *   fields of a step's job (`runInStepJob`) or a request ride on every line.
 * - Traces: OpenTelemetry, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (`startTracing`, first
 *   thing in each `main.ts`); the trace context travels in the job data (`traceCarrier`).
 * Imports no other lib but @app/config: every lib and app may use it.
 */
export { ObservabilityModule } from './observability.module';
export { MetricsRegistry, GAUGE_CACHE_MS, type MetricsRegistryOptions, type QueueDepths, type SagaGaugeReading } from './metrics/metrics-registry';
export { METRIC, STEP_RUN_OUTCOME, DROP_REASON, CIRCUIT_STATE_VALUE, type MetricName, type StepRunOutcome, type DropReason } from './metrics/metric-name';
export { ScrapeCache } from './metrics/scrape-cache';
export { currentLogFields, withLogFields, type LogFields } from './logging/log-context';
export { REDACTED_FIELDS, loggerParams, logStream, pinoOptions, type LoggerSettings } from './logging/logger-params';
export { runInStepJob, traceCarrier, traceLogFields, type StepJobScope } from './tracing/trace-context';
export { startTracing, stopTracing, type Tracing, type TracingOverrides } from './tracing/start-tracing';
