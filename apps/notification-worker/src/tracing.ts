/**
 * Starts OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) before anything else is loaded:
 * the first import of main.ts. A malformed variable is left to the config loader to report.
 */
import { InvalidEnvironmentError, loadTelemetryConfig } from '@app/config';
import { startTracing } from '@app/observability';

try {
  startTracing('notification-worker', loadTelemetryConfig());
} catch (error) {
  if (!(error instanceof InvalidEnvironmentError)) throw error;
}
