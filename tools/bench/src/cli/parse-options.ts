/**
 * Turns the command line into BenchOptions. Returns `{ help: true }` for -h/--help and throws
 * an Error naming the flag for anything malformed (unknown flags included).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, SCENARIO_NAMES, defaultWarmup, type BenchOptions, type ScenarioName } from './bench-options';

export type ParsedCommandLine = { readonly help: true } | { readonly help: false; readonly options: BenchOptions };

export function parseOptions(argv: readonly string[]): ParsedCommandLine {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      scenario: { type: 'string' },
      orders: { type: 'string' },
      inflight: { type: 'string' },
      rate: { type: 'string' },
      'workers-per-kind': { type: 'string' },
      concurrency: { type: 'string' },
      preload: { type: 'string' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      'decline-every': { type: 'string' },
      consoles: { type: 'string' },
      naive: { type: 'boolean' },
      json: { type: 'string' },
      out: { type: 'string' },
      'drain-timeout': { type: 'string' },
      'cpu-prof': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return { help: true };
  if (values.inflight !== undefined && values.rate !== undefined) throw new Error('--inflight and --rate exclude each other');
  const orders = integer('orders', values.orders, DEFAULT_OPTIONS.orders, 1);
  const options: BenchOptions = {
    scenario: scenario(values.scenario),
    orders,
    inflight: integer('inflight', values.inflight, DEFAULT_OPTIONS.inflight, 1),
    rate: values.rate === undefined ? null : positive('rate', values.rate),
    workersPerKind: integer('workers-per-kind', values['workers-per-kind'], DEFAULT_OPTIONS.workersPerKind, 1, 32),
    concurrency: integer('concurrency', values.concurrency, DEFAULT_OPTIONS.concurrency, 1, 256),
    preload: integer('preload', values.preload, DEFAULT_OPTIONS.preload, 0),
    runs: integer('runs', values.runs, DEFAULT_OPTIONS.runs, 1, 50),
    warmup: integer('warmup', values.warmup, defaultWarmup(orders), 0),
    declineEvery: integer('decline-every', values['decline-every'], DEFAULT_OPTIONS.declineEvery, 0),
    consoles: integer('consoles', values.consoles, DEFAULT_OPTIONS.consoles, 0, 100),
    naive: values.naive === true,
    json: values.json ?? null,
    outDir: values.out ?? DEFAULT_OPTIONS.outDir,
    quiet: values.quiet === true,
    drainTimeoutS: integer('drain-timeout', values['drain-timeout'], DEFAULT_OPTIONS.drainTimeoutS, 1),
    cpuProfDir: values['cpu-prof'] ?? DEFAULT_OPTIONS.cpuProfDir,
  };
  return { help: false, options };
}

function scenario(raw: string | undefined): ScenarioName {
  if (raw === undefined) return DEFAULT_OPTIONS.scenario;
  const found = SCENARIO_NAMES.find((name) => name === raw);
  if (found === undefined) throw new Error(`--scenario must be one of ${SCENARIO_NAMES.join(', ')} (got "${raw}")`);
  return found;
}

function integer(flag: string, raw: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${flag} must be an integer between ${min} and ${max} (got "${raw}")`);
  return value;
}

function positive(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${flag} must be a positive number (got "${raw}")`);
  return value;
}
