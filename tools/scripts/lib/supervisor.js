// Keeps what `npm start` (and `npm run infra`) started running. A process that exits on its own
// is reported at once, with the last lines it printed, and started again after a backoff: 1 s,
// doubling up to 30 s, and back to 1 s once it has run for a minute. `stop()` (Ctrl-C) ends the
// supervision first, so that nothing is restarted while everything stops.
'use strict';

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
const STABLE_MS = 60_000;

class Supervisor {
  constructor(log = (line) => console.log(line)) {
    this.log = log;
    this.stopping = false;
    this.timers = new Set();
    this.entries = new Map();
  }

  /**
   * Starts a service with `start()` (which resolves to a `startService` handle once it is ready)
   * and keeps it running. `onRestart(service)` runs after each restart.
   */
  async keep(name, start, { onRestart } = {}) {
    const entry = { name, start, onRestart, delay: FIRST_DELAY_MS, service: undefined, planned: false };
    this.entries.set(name, entry);
    this.watch(entry, await start());
    return entry.service;
  }

  /** Stops and starts again the named services at once (e.g. after the database they need was restarted empty). */
  restart(names, why) {
    for (const name of names) {
      const entry = this.entries.get(name);
      if (entry === undefined || entry.service === undefined) continue;
      entry.planned = true;
      this.log(`~ ${name}: restarting (${why})`);
      void entry.service.stop();
    }
  }

  watch(entry, service) {
    entry.service = service;
    const startedAt = Date.now();
    service.child.once('exit', (code, signal) => {
      if (this.stopping) return;
      if (entry.planned) {
        entry.planned = false;
        entry.delay = 0;
      } else {
        if (Date.now() - startedAt >= STABLE_MS) entry.delay = FIRST_DELAY_MS;
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        this.log(`! ${entry.name} (pid ${service.child.pid}) ${how}; restarting in ${seconds(entry.delay)}`);
        const tail = service.tail(8);
        if (tail) this.log(tail.replace(/^/gm, `    ${entry.name}| `));
      }
      this.schedule(entry);
    });
  }

  schedule(entry) {
    if (this.stopping) return;
    const delay = entry.delay;
    entry.delay = Math.min(Math.max(delay * 2, FIRST_DELAY_MS), MAX_DELAY_MS);
    const timer = setTimeout(async () => {
      this.timers.delete(timer);
      if (this.stopping) return;
      try {
        const service = await entry.start();
        if (this.stopping) return void (await service.stop());
        this.log(`✓ ${entry.name} is back (pid ${service.child.pid})`);
        this.watch(entry, service);
        if (entry.onRestart) await entry.onRestart(service);
      } catch (error) {
        if (this.stopping) return;
        this.log(`! ${entry.name} did not start (${firstLine(error)}); trying again in ${seconds(entry.delay)}`);
        this.schedule(entry);
      }
    }, delay);
    this.timers.add(timer);
  }

  /** Ends the supervision and stops the named services (their current processes) at once. */
  async stopServices(names) {
    this.stop();
    await Promise.all(names.map((name) => this.entries.get(name)?.service?.stop()));
  }

  /** Ends the supervision: nothing is restarted from now on (the caller stops the processes). */
  stop() {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

function seconds(ms) {
  return `${Math.round(ms / 100) / 10} s`;
}

function firstLine(error) {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}

module.exports = { Supervisor };
