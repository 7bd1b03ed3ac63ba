/**
 * The chaos suite's options, from command-line flags (`npm run chaos -- --help`).
 *
 *   --minutes N     how long the load and the faults go on (default 10; decimals allowed)
 *   --workers N     processes per worker kind (default 2)
 *   --faults LIST   comma-separated fault mix (default all): kill, pause, redis, payment, mail, cancel
 *   --rate N        orders placed per second (default 8)
 *   --seed N        seed of every random choice (default 20261202)
 */
export const FAULT = {
  /** SIGKILL a worker mid-step and start a replacement. */
  KILL: 'kill',
  /** SIGSTOP a worker past its job lock and item-lock leases, then SIGCONT it. */
  PAUSE: 'pause',
  /** Stop Redis and start it again (AOF everysec). */
  REDIS: 'redis',
  /** The payment provider refuses (503) or hangs for a few seconds; cards that are flaky, slow or authorize late. */
  PAYMENT: 'payment',
  /** The mail server refuses messages for a few seconds. */
  MAIL: 'mail',
  /** Customers cancel orders mid-flight. */
  CANCEL: 'cancel',
} as const;
export type Fault = (typeof FAULT)[keyof typeof FAULT];

export interface ChaosOptions {
  readonly minutes: number;
  readonly workersPerKind: number;
  readonly faults: readonly Fault[];
  readonly ordersPerSecond: number;
  readonly seed: number;
}

export const DEFAULT_CHAOS_OPTIONS: ChaosOptions = { minutes: 10, workersPerKind: 2, faults: Object.values(FAULT), ordersPerSecond: 8, seed: 20261202 };

export const CHAOS_HELP = `npm run chaos -- [--minutes N] [--workers N] [--faults kill,pause,redis,payment,mail,cancel] [--rate N] [--seed N]

Drives the real system (sandbox, API, N processes per worker kind, dev MongoDB server, a Redis of
its own) with a steady load while it injects the faults, one at a time, then heals everything,
waits until every order is terminal and checks every invariant; prints a table; exits 1 when an
invariant does not hold.`;

function positive(name: string, raw: string | undefined, integer: boolean): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'} (got ${String(raw)})`);
  return value;
}

export function parseChaosArgs(argv: readonly string[]): ChaosOptions | 'help' {
  let options = DEFAULT_CHAOS_OPTIONS;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--minutes':
        options = { ...options, minutes: positive('minutes', value, false) };
        break;
      case '--workers':
        options = { ...options, workersPerKind: positive('workers', value, true) };
        break;
      case '--rate':
        options = { ...options, ordersPerSecond: positive('rate', value, false) };
        break;
      case '--seed':
        options = { ...options, seed: positive('seed', value, true) };
        break;
      case '--faults': {
        const names = (value ?? '').split(',').filter((name) => name !== '');
        const known: readonly string[] = Object.values(FAULT);
        const unknown = names.filter((name) => !known.includes(name));
        if (names.length === 0 || unknown.length > 0) throw new Error(`--faults takes a comma-separated list of ${known.join(', ')} (got ${String(value)})`);
        options = { ...options, faults: names as Fault[] };
        break;
      }
      default:
        throw new Error(`unknown flag ${String(flag)}\n\n${CHAOS_HELP}`);
    }
    i += 1;
  }
  return options;
}
