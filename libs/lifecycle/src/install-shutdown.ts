import type { INestApplicationContext } from '@nestjs/common';
import { ShutdownState } from './shutdown-state';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Replaces Nest's `enableShutdownHooks` for our processes. At the first SIGTERM or SIGINT:
 *  1. the app's `ShutdownState` begins (readiness turns false at once);
 *  2. `app.close()` runs Nest's hooks in order: `onModuleDestroy`, `beforeApplicationShutdown`
 *     (a worker drains or hands back its jobs), the HTTP server stops accepting and waits for the
 *     requests in flight (API), then `onApplicationShutdown` closes MongoDB and Redis;
 *  3. the process exits 0 once that is done, or 1 at `graceMs` after the signal whatever is
 *     still waiting (a frozen MongoDB or Redis would otherwise hold it forever).
 * A second signal changes nothing: the grace period is already running.
 */
export function installShutdown(app: INestApplicationContext, onExit: (code: number, detail: string) => void = exitProcess): void {
  const state = app.get(ShutdownState);
  let started = false;
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (started) return;
      started = true;
      state.begin(signal);
      setTimeout(() => onExit(1, `shutdown did not finish within SHUTDOWN_GRACE_MS (${state.graceMs} ms)`), state.graceMs).unref();
      app.close().then(
        () => onExit(0, 'shutdown complete'),
        (error: unknown) => onExit(1, `shutdown failed: ${String(error)}`),
      );
    });
  }
}

function exitProcess(code: number, detail: string): void {
  // Printed whatever LOG_LEVEL is: operators and tests read how a process ended.
  console.log(`${detail} (pid ${process.pid}, exit ${code})`);
  process.exit(code);
}
