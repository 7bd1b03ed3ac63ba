import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProviderUnavailableError, StepRejectedError } from '@app/domain';
import { CircuitBreaker, type CircuitChange } from './circuit-breaker';

function breaker(changes: CircuitChange[] = []): { breaker: CircuitBreaker; clock: { now: number } } {
  const clock = { now: 1_000 };
  return { breaker: new CircuitBreaker('payment', { failureThreshold: 3, openMs: 10_000 }, (change) => changes.push(change), () => clock.now), clock };
}

const down = (): Promise<never> => Promise.reject(new ProviderUnavailableError('payment', 'timeout'));
const up = (): Promise<string> => Promise.resolve('ok');

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive transient failures and then refuses without calling', async () => {
    const changes: CircuitChange[] = [];
    const { breaker: circuit, clock } = breaker(changes);
    for (let i = 0; i < 3; i += 1) await assert.rejects(circuit.run(down), ProviderUnavailableError);
    assert.equal(circuit.state, 'open');
    assert.deepEqual(changes, [{ provider: 'payment', state: 'open', openUntil: 11_000 }]);
    let called = false;
    clock.now = 4_000;
    await assert.rejects(
      circuit.run(() => {
        called = true;
        return up();
      }),
      (error: unknown) => error instanceof ProviderUnavailableError && error.retryAfterMs === 7_000,
    );
    assert.equal(called, false);
  });

  it('a success or a definite refusal resets the count: only consecutive failures open it', async () => {
    const { breaker: circuit } = breaker();
    await assert.rejects(circuit.run(down));
    await assert.rejects(circuit.run(down));
    await assert.rejects(circuit.run(() => Promise.reject(new StepRejectedError('PAYMENT_DECLINED', 'declined'))), StepRejectedError);
    await assert.rejects(circuit.run(down));
    await assert.rejects(circuit.run(down));
    assert.equal(circuit.state, 'closed');
    assert.equal(await circuit.run(up), 'ok');
  });

  it('after openMs lets one trial through: success closes, failure opens again; others wait meanwhile', async () => {
    const changes: CircuitChange[] = [];
    const { breaker: circuit, clock } = breaker(changes);
    for (let i = 0; i < 3; i += 1) await assert.rejects(circuit.run(down));
    clock.now = 11_000;
    let release: (value: string) => void = () => undefined;
    const trial = circuit.run(() => new Promise<string>((resolve) => (release = resolve)));
    assert.equal(circuit.state, 'half-open');
    await assert.rejects(circuit.run(up), (error: unknown) => error instanceof ProviderUnavailableError && error.retryAfterMs === 1_000);
    release('ok');
    assert.equal(await trial, 'ok');
    assert.equal(circuit.state, 'closed');

    for (let i = 0; i < 3; i += 1) await assert.rejects(circuit.run(down));
    clock.now = 30_000;
    await assert.rejects(circuit.run(down));
    assert.equal(circuit.state, 'open');
    assert.deepEqual(changes.map((change) => change.state), ['open', 'half-open', 'closed', 'open', 'half-open', 'open']);
    assert.equal(changes.at(-1)?.openUntil, 40_000);
  });
});
