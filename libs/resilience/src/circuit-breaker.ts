/**
 * A circuit breaker for one outside provider, in one process: after `failureThreshold`
 * consecutive transient failures (`ProviderUnavailableError`) the circuit opens and every call
 * fails at once, without reaching the provider, with a `ProviderUnavailableError` whose
 * `retryAfterMs` is the time left open; so a dead provider is not hammered, and the jobs that
 * wait for it are delayed until it may be back instead of burning attempts. After `openMs` one
 * trial call goes through (half-open): its success closes the circuit, its transient failure
 * opens it again. Any other outcome (an answer, even a refusal) counts as the provider being up.
 *
 * State lives in memory on purpose: it is an optimisation of the calls this process makes, not a
 * promise (correctness rests on idempotency keys and the retry window). `onChange` hears every
 * change of state (for health details and metrics).
 */
import { PROVIDER_ERROR_KIND, ProviderUnavailableError } from '@app/domain';

export const CIRCUIT_STATE = { CLOSED: 'closed', OPEN: 'open', HALF_OPEN: 'half-open' } as const;
export type CircuitState = (typeof CIRCUIT_STATE)[keyof typeof CIRCUIT_STATE];

export interface CircuitSettings {
  readonly failureThreshold: number;
  readonly openMs: number;
}

export interface CircuitChange {
  readonly provider: string;
  readonly state: CircuitState;
  /** Until when an open circuit refuses calls (epoch ms); null otherwise. */
  readonly openUntil: number | null;
}

export class CircuitBreaker {
  private current: CircuitState = CIRCUIT_STATE.CLOSED;
  private failures = 0;
  private openUntil = 0;

  constructor(
    readonly provider: string,
    private readonly settings: CircuitSettings,
    private readonly onChange: (change: CircuitChange) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    return this.current;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    this.admit();
    try {
      const result = await call();
      this.succeeded();
      return result;
    } catch (error) {
      if (error instanceof ProviderUnavailableError) this.failed();
      else this.succeeded();
      throw error;
    }
  }

  /** Throws when the call may not go through; turns an expired open circuit half-open for one trial. */
  private admit(): void {
    if (this.current === CIRCUIT_STATE.CLOSED) return;
    const left = this.openUntil - this.now();
    if (this.current === CIRCUIT_STATE.OPEN && left <= 0) {
      this.change(CIRCUIT_STATE.HALF_OPEN);
      return;
    }
    // Open, or half-open with its one trial call still out: wait at least as long as the trial may take.
    const retryAfterMs = this.current === CIRCUIT_STATE.OPEN ? left : Math.min(this.settings.openMs, 1_000);
    throw new ProviderUnavailableError(this.provider, `${this.provider} circuit ${this.current}: not called`, { retryAfterMs, kind: PROVIDER_ERROR_KIND.CIRCUIT_OPEN });
  }

  private succeeded(): void {
    this.failures = 0;
    if (this.current !== CIRCUIT_STATE.CLOSED) this.change(CIRCUIT_STATE.CLOSED);
  }

  private failed(): void {
    this.failures += 1;
    if (this.current === CIRCUIT_STATE.HALF_OPEN || (this.current === CIRCUIT_STATE.CLOSED && this.failures >= this.settings.failureThreshold)) {
      this.openUntil = this.now() + this.settings.openMs;
      this.change(CIRCUIT_STATE.OPEN);
    }
  }

  private change(state: CircuitState): void {
    this.current = state;
    this.onChange({ provider: this.provider, state, openUntil: state === CIRCUIT_STATE.OPEN ? this.openUntil : null });
  }
}
