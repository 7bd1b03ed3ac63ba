/**
 * Types shared by command handlers. A handler receives the decoded command (body with
 * document sequences merged, `$db` resolved) and returns the reply fields; the dispatcher
 * adds `ok: 1`, or turns a thrown CommandError into an error reply. Handlers are
 * synchronous, so each command runs to completion before the next one starts.
 */
import type { CursorRegistry } from '../cursors/cursor.registry';
import type { LocalSessionCache } from '../sessions/local-session.cache';
import type { Doc } from '../storage/doc.types';
import type { StorageEngine } from '../storage/storage.engine';
import type { ServerStats } from '../util/server-stats';

export interface ServerInfo {
  readonly host: string;
  readonly port: number;
  readonly argv: readonly string[];
}

export interface ConnectionInfo {
  readonly id: number;
  readonly remote: string;
}

export interface CommandContext {
  readonly name: string;
  readonly db: string;
  readonly body: Doc;
  readonly engine: StorageEngine;
  readonly cursors: CursorRegistry;
  readonly sessions: LocalSessionCache;
  readonly stats: ServerStats;
  readonly server: ServerInfo;
  readonly connection: ConnectionInfo;
}

export type CommandHandler = (ctx: CommandContext) => Doc;

export type CommandTable = Readonly<Record<string, CommandHandler>>;
