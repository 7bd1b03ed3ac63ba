/**
 * MongoDB's own counters from serverStatus, snapshotted at both ends of the measured window.
 *
 * - commands: on the dev server `opcounters.command` alone (it counts every command once, a bulk
 *   write included); on a real mongod the sum of every opcounter.
 * - by name: `metrics.commands.<name>.total` when the server reports it (real mongod; the dev
 *   server may not), else null.
 * - documents examined: `devServer.docsExamined` on the dev server,
 *   `metrics.queryExecutor.scannedObjects` on mongod; null when neither is there.
 */
import type { Db } from 'mongodb';
import { fieldAt, numberOf, numericEntries } from './field-reader';

export const MONGO_KIND = { DEV_SERVER: 'dev-server', MONGOD: 'mongod' } as const;
export type MongoKind = (typeof MONGO_KIND)[keyof typeof MONGO_KIND];

export interface MongoSnapshot {
  readonly commands: number;
  readonly byName: Readonly<Record<string, number>> | null;
  readonly docsExamined: number | null;
}

export interface MongoServerInfo {
  readonly kind: MongoKind;
  readonly version: string;
  readonly pid: number | null;
  readonly host: string | null;
}

export class MongoStats {
  constructor(private readonly admin: Db) {}

  async info(): Promise<MongoServerInfo> {
    const status = await this.serverStatus();
    const version = fieldAt(status, 'version');
    const host = fieldAt(status, 'host');
    return {
      kind: fieldAt(status, 'devServer') === undefined ? MONGO_KIND.MONGOD : MONGO_KIND.DEV_SERVER,
      version: typeof version === 'string' ? version : 'unknown',
      pid: numberOf(fieldAt(status, 'pid')) ?? null,
      host: typeof host === 'string' ? host : null,
    };
  }

  async snapshot(): Promise<MongoSnapshot> {
    const status = await this.serverStatus();
    const devServer = fieldAt(status, 'devServer') !== undefined;
    const opcounters = numericEntries(fieldAt(status, 'opcounters'));
    const commands = devServer ? (opcounters.find(([name]) => name === 'command')?.[1] ?? 0) : opcounters.reduce((sum, [, count]) => sum + count, 0);
    return { commands, byName: commandsByName(fieldAt(status, 'metrics', 'commands')), docsExamined: docsExamined(status, devServer) };
  }

  private serverStatus(): Promise<unknown> {
    return this.admin.command({ serverStatus: 1 });
  }
}

function commandsByName(commands: unknown): Record<string, number> | null {
  if (typeof commands !== 'object' || commands === null) return null;
  const out: Record<string, number> = {};
  for (const [name, entry] of Object.entries(commands as Record<string, unknown>)) {
    const total = numberOf(fieldAt(entry, 'total'));
    if (total !== undefined) out[name] = total;
  }
  return Object.keys(out).length > 0 ? out : null;
}

function docsExamined(status: unknown, devServer: boolean): number | null {
  const raw = devServer ? fieldAt(status, 'devServer', 'docsExamined') : fieldAt(status, 'metrics', 'queryExecutor', 'scannedObjects');
  return numberOf(raw) ?? null;
}
