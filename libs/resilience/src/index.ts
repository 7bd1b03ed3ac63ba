/**
 * libs/resilience — how the workers behave toward outside providers that fail: a circuit
 * breaker per provider and process. (The retry window itself is the saga runner's, the backoff
 * the queue processor's.)
 */
export { CIRCUIT_STATE, CircuitBreaker, type CircuitChange, type CircuitSettings, type CircuitState } from './circuit-breaker';
