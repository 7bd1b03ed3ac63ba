/**
 * The databases every standalone mongod 7 has from its first start, so that `show dbs`,
 * `listDatabases` and `listCollections` look the same: `admin` holding `system.version`
 * (the featureCompatibilityVersion document) and `local` holding `startup_log` (one
 * document describing this start). `config` only appears on mongod once sessions are
 * persisted, which the dev server never does, so it is not created.
 */
import * as os from 'node:os';
import type { StorageEngine } from './storage.engine';

export function seedSystemDatabases(engine: StorageEngine, argv: readonly string[], version: string): void {
  engine.getOrCreateCollection('admin', 'system.version').insert({ _id: 'featureCompatibilityVersion', version: '7.0' });
  const startTime = new Date();
  engine.getOrCreateCollection('local', 'startup_log').insert({
    _id: `${os.hostname()}-${startTime.getTime()}`,
    hostname: os.hostname(),
    startTime,
    startTimeLocal: startTime.toString(),
    cmdLine: { argv: [...argv] },
    pid: process.pid,
    buildinfo: { version },
  });
}
