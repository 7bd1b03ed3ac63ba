/**
 * Micro-benchmark (not a test): CPU of the calling process per `charge` against the sandbox's
 * HTTP payment provider, run as a separate process on a free port.
 *
 *   node -r ./tools/runtime/register-paths.js dist/apps/payment-worker/bench/payment-client.bench.js [calls] [concurrency] [rounds]
 *
 * Two clients, measured in alternating rounds after a warm-up:
 *  - `fetch`:   the request the adapter made before it had its own client (global fetch,
 *               AbortSignal.timeout, response.json());
 *  - `adapter`: `HttpPaymentProvider.charge` as it is now.
 * Prints CPU ms per call (process.cpuUsage, user + system, median of the rounds) and wall time.
 * Numbers only, and noisy on a shared machine: nothing is asserted about speed.
 */
import { randomUUID } from 'node:crypto';
import { loadWorkerConfig } from '@app/config';
import { startSandboxProcess } from '@app/testing';
import { HttpPaymentProvider } from '../src/adapters/http-payment-provider.adapter';

const API_KEY = 'sk_test_sandbox';
const TIMEOUT_MS = 5_000;

type Charge = (id: string) => Promise<void>;

interface Sample {
  readonly cpuMsPerCall: number;
  readonly wallMs: number;
}

/** The pre-change adapter's charge: the same request, sent with fetch. */
function fetchCharge(baseUrl: string): Charge {
  return async (id) => {
    const response = await fetch(new URL('/v1/charges', baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'idempotency-key': id, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 4200, currency: 'usd', source: 'tok_visa', orderId: id, description: `order ${id}` }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await response.json()) as { id?: string };
    if (!response.ok || typeof body.id !== 'string') throw new Error(`charge answered ${response.status}`);
  };
}

function adapterCharge(provider: HttpPaymentProvider): Charge {
  return async (id) => {
    const result = await provider.charge({ orderId: id, amount: 4200, currency: 'usd', token: 'tok_visa', idempotencyKey: id });
    if (result.kind !== 'CHARGED') throw new Error(`charge was ${result.kind}`);
  };
}

/** `calls` charges, at most `concurrency` in flight; CPU of this process per call. */
async function measure(charge: Charge, calls: number, concurrency: number): Promise<Sample> {
  const prefix = randomUUID();
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < calls) await charge(`bench-${prefix}-${next++}`);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const used = process.cpuUsage(cpu);
  return { cpuMsPerCall: (used.user + used.system) / 1000 / calls, wallMs: performance.now() - started };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const [calls = 2_000, concurrency = 32, rounds = 3] = process.argv.slice(2).map(Number);
  const sandbox = await startSandboxProcess();
  const provider = new HttpPaymentProvider(loadWorkerConfig({ PAYMENT_PROVIDER_URL: sandbox.httpUrl, PAYMENT_API_KEY: API_KEY, PAYMENT_TIMEOUT_MS: String(TIMEOUT_MS) }));
  const clients: Record<string, Charge> = { fetch: fetchCharge(sandbox.httpUrl), adapter: adapterCharge(provider) };
  const samples: Record<string, Sample[]> = { fetch: [], adapter: [] };
  try {
    for (const charge of Object.values(clients)) await measure(charge, Math.min(calls, 1_000), concurrency);
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? ['fetch', 'adapter'] : ['adapter', 'fetch'];
      for (const name of order) samples[name]?.push(await measure(clients[name], calls, concurrency));
    }
  } finally {
    (provider as Partial<{ onApplicationShutdown(): void }>).onApplicationShutdown?.();
    await sandbox.stop();
  }
  console.log(`payment client: ${calls} charges, concurrency ${concurrency}, median of ${rounds} rounds (noisy: shared machine)`);
  for (const [name, runs] of Object.entries(samples)) {
    const cpu = median(runs.map((run) => run.cpuMsPerCall));
    const wall = median(runs.map((run) => run.wallMs));
    console.log(`  ${name.padEnd(8)} ${cpu.toFixed(3)} CPU ms/call   ${((calls / wall) * 1000).toFixed(0)} calls/s   rounds: ${runs.map((run) => run.cpuMsPerCall.toFixed(3)).join(' ')}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
