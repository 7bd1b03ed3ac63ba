/**
 * The circuit breakers of this worker process, one per outside provider (`payment`, `mail`),
 * built from CIRCUIT_FAILURE_THRESHOLD and CIRCUIT_OPEN_MS. Each change of state is logged,
 * counted (`provider.<name>.circuit_opened`) and recorded in MongoDB for the API's health
 * details, in order, off the call path (a failed record is logged, never thrown at a step).
 * `saga_provider_circuit_state` shows this process's breakers, read from memory on scrape.
 */
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { WorkerConfig } from '@app/config';
import { DatabaseClock, MetricsRepository, ProviderCircuitRepository } from '@app/dal';
import { MetricsRegistry } from '@app/observability';
import { CIRCUIT_STATE, CircuitBreaker, type CircuitChange } from '@app/resilience';
import { WORKER_CONFIG } from './worker-config.token';

/** Times a provider's circuit opened, across the cluster. */
export function circuitOpenedMetric(provider: string): string {
  return `provider.${provider}.circuit_opened`;
}

@Injectable()
export class ProviderCircuits implements OnApplicationShutdown {
  private readonly logger = new Logger(ProviderCircuits.name);
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly instance = `${hostname()}:${process.pid}`;
  private recording: Promise<void> = Promise.resolve();

  constructor(
    @Inject(WORKER_CONFIG) private readonly config: Pick<WorkerConfig, 'providerRetry'>,
    private readonly circuits: ProviderCircuitRepository,
    private readonly metrics: MetricsRepository,
    private readonly clock: DatabaseClock,
    prometheus: MetricsRegistry,
  ) {
    prometheus.observeCircuits(() => Object.fromEntries([...this.breakers].map(([provider, breaker]) => [provider, breaker.state])));
  }

  /** The breaker of `provider` in this process (made on first use). */
  for(provider: string): CircuitBreaker {
    let breaker = this.breakers.get(provider);
    if (breaker === undefined) {
      const { circuitFailureThreshold, circuitOpenMs } = this.config.providerRetry;
      breaker = new CircuitBreaker(provider, { failureThreshold: circuitFailureThreshold, openMs: circuitOpenMs }, (change) => this.changed(change));
      this.breakers.set(provider, breaker);
    }
    return breaker;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.recording;
    await this.circuits.forget(this.instance).catch(() => undefined);
  }

  private changed(change: CircuitChange): void {
    if (change.state === CIRCUIT_STATE.OPEN) {
      this.logger.warn(`${change.provider} circuit open for ${this.config.providerRetry.circuitOpenMs} ms: calls wait instead of failing`);
      this.metrics.increment(circuitOpenedMetric(change.provider));
    } else {
      this.logger.log(`${change.provider} circuit ${change.state}`);
    }
    const now = this.clock.now();
    // Local epoch ms to the database's clock: the same offset as `now`.
    const openUntil = change.openUntil === null ? null : new Date(now.getTime() + (change.openUntil - Date.now()));
    this.recording = this.recording
      .then(() => this.circuits.record(change.provider, this.instance, change.state, openUntil, now))
      .catch((error: unknown) => this.logger.warn(`could not record the ${change.provider} circuit state: ${String(error)}`));
  }
}
