export { EnvReader, InvalidEnvironmentError, type RawEnv } from './env-reader';
export { LOG_FORMATS, LOG_LEVELS, type InfrastructureConfig, type LogFormat, type LogLevel, type RedisNode, type TelemetryConfig } from './infrastructure.config';
export { loadTelemetryConfig } from './telemetry.config';
export { loadApiConfig, type ApiConfig } from './api.config';
export { loadWorkerConfig, type ProviderRetryConfig, type WorkerConfig } from './worker.config';
export { loadSandboxConfig, type SandboxConfig } from './sandbox.config';
export { loadTestConfig, type TestConfig } from './test.config';
export { loadOperatorCliConfig, type OperatorCliConfig } from './operator-cli.config';
export { DEFAULT_RETENTION, RETENTION_MINIMUM_DAYS, retentionMs, type RetentionConfig } from './retention.config';
