/**
 * Micro-benchmark (not a test): CPU of the sending process per message through SMTP to the
 * sandbox's mail server, run as a separate process on a free port.
 *
 *   node -r ./tools/runtime/register-paths.js dist/apps/notification-worker/bench/smtp-sender.bench.js [messages] [concurrency] [rounds]
 *
 * Three senders, measured in turn (in a rotating order) after a warm-up:
 *  - `before`:  a pooled nodemailer transport with the options the adapter had before
 *               (4 connections, 100 messages per connection, nodemailer's defaults otherwise);
 *  - `pooled`:  the adapter's pool settings (a connection per message in flight, kept for
 *               good) on nodemailer's own sockets, to tell that part from the batched writes;
 *  - `adapter`: `SmtpMailSender.send` as it is now.
 * Prints CPU ms per message (process.cpuUsage, user + system, median of the rounds), socket
 * writes per message and wall time. Numbers only, and noisy on a shared machine: nothing is
 * asserted about speed.
 */
import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import { loadWorkerConfig } from '@app/config';
import { CircuitBreaker } from '@app/resilience';
import type { ProviderCircuits } from '@app/saga';
import { startSandboxProcess } from '@app/testing';
import { SmtpMailSender } from '../src/adapters/smtp-mail-sender.adapter';
import type { OutgoingMail } from '../src/mail-sender.port';

const FROM = 'orders@example.com';

type Send = (mail: OutgoingMail) => Promise<void>;

interface Sample {
  readonly cpuMsPerMessage: number;
  readonly wallMs: number;
  readonly writesPerMessage: number;
}

/**
 * Counts the socket writes handed to libuv (one system call each) through net.Socket's internal
 * `_writeGeneric`, which both `write` and a corked batch (`writev`) end in. Node internals: if
 * the method is not there, the count stays 0.
 */
let socketWrites = 0;
const socketProto = Socket.prototype as unknown as Record<string, unknown>;
const writeGeneric = socketProto['_writeGeneric'];
if (typeof writeGeneric === 'function') {
  socketProto['_writeGeneric'] = function (this: Socket, ...args: unknown[]): unknown {
    socketWrites += 1;
    return (writeGeneric as (...a: unknown[]) => unknown).apply(this, args);
  };
}

/** A message shaped like the confirmation NotifyCustomer sends. */
function confirmation(id: string): OutgoingMail {
  return {
    to: `${id}@example.com`,
    subject: `Your order ${id} is confirmed`,
    text: `Thank you! Your order ${id} is confirmed.\n\n  - 1 x SKU-1\n  - 2 x SKU-2\n\nTotal: 42.00 USD\n`,
    messageId: `<${id}.confirmation@saga-orchestrator>`,
    headers: { 'X-Order-Id': id, 'X-Notification-Type': 'confirmation' },
  };
}

/** `messages` sends, at most `concurrency` in flight; CPU of this process per message. */
async function measure(send: Send, messages: number, concurrency: number): Promise<Sample> {
  const prefix = randomUUID();
  let next = 0;
  const writesBefore = socketWrites;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < messages) await send(confirmation(`bench-${prefix}-${next++}`));
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const used = process.cpuUsage(cpu);
  return { cpuMsPerMessage: (used.user + used.system) / 1000 / messages, wallMs: performance.now() - started, writesPerMessage: (socketWrites - writesBefore) / messages };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const [messages = 2_000, concurrency = 32, rounds = 3] = process.argv.slice(2).map(Number);
  const sandbox = await startSandboxProcess();
  const url = new URL(sandbox.smtpUrl);
  const server = { host: url.hostname, port: Number(url.port), secure: false, connectionTimeout: 5_000, socketTimeout: 10_000 };
  const before = createTransport({ ...server, pool: true, maxConnections: 4 });
  const pooled = createTransport({ ...server, pool: true, maxConnections: concurrency, maxMessages: Infinity });
  const viaNodemailer = (transport: typeof before): Send => {
    return async (mail) => {
      await transport.sendMail({ from: FROM, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId, headers: { ...mail.headers } });
    };
  };
  // A circuit breaker of its own, with nothing recorded (no database in this benchmark).
  const circuits = { for: (provider: string) => new CircuitBreaker(provider, { failureThreshold: 5, openMs: 1_000 }) } as unknown as ProviderCircuits;
  const adapter = new SmtpMailSender(loadWorkerConfig({ SMTP_URL: sandbox.smtpUrl, MAIL_FROM: FROM, WORKER_CONCURRENCY: String(concurrency) }), circuits);
  const senders: Record<string, Send> = { before: viaNodemailer(before), pooled: viaNodemailer(pooled), adapter: (mail) => adapter.send(mail) };
  const names = Object.keys(senders);
  const samples: Record<string, Sample[]> = Object.fromEntries(names.map((name) => [name, []]));
  try {
    for (const send of Object.values(senders)) await measure(send, Math.min(messages, 1_000), concurrency);
    for (let round = 0; round < rounds; round += 1) {
      const order = names.map((_, i) => names[(i + round) % names.length] ?? '');
      for (const name of order) samples[name]?.push(await measure(senders[name], messages, concurrency));
    }
  } finally {
    before.close();
    pooled.close();
    adapter.onApplicationShutdown();
    await sandbox.stop();
  }
  console.log(`smtp sender: ${messages} messages, concurrency ${concurrency}, median of ${rounds} rounds (noisy: shared machine)`);
  for (const [name, runs] of Object.entries(samples)) {
    const cpu = median(runs.map((run) => run.cpuMsPerMessage));
    const wall = median(runs.map((run) => run.wallMs));
    const writes = median(runs.map((run) => run.writesPerMessage));
    console.log(`  ${name.padEnd(8)} ${cpu.toFixed(3)} CPU ms/message   ${writes.toFixed(2)} socket writes/message   ${((messages / wall) * 1000).toFixed(0)} messages/s   rounds: ${runs.map((run) => run.cpuMsPerMessage.toFixed(3)).join(' ')}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
