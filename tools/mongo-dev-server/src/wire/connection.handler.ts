/**
 * Serves one client socket: frames → decode (OP_MSG, or OP_QUERY for the legacy
 * handshake) → dispatch → reply. Commands are handled synchronously in arrival order, so
 * each runs to completion before any other (from this or another connection) starts.
 * OP_MSG requests with moreToCome get no reply. Protocol errors close the connection.
 */
import type { Socket } from 'node:net';
import type { CursorRegistry } from '../cursors/cursor.registry';
import type { LocalSessionCache } from '../sessions/local-session.cache';
import type { StorageEngine } from '../storage/storage.engine';
import type { Doc } from '../storage/doc.types';
import type { ServerInfo } from '../commands/command.types';
import type { ServerStats } from '../util/server-stats';
import { dispatch, errorReply } from '../commands/command.dispatcher';
import { CommandError, ErrorCode } from '../util/command.error';
import { isPlainObject } from '../util/bson-value.util';
import { FrameReader } from './frame.reader';
import { decodeOpMsg, encodeOpMsg } from './op-msg.codec';
import { decodeOpQuery, encodeOpReply } from './op-query.codec';
import { OpCode, OpMsgFlag } from './wire.constants';

export interface ServerServices {
  readonly engine: StorageEngine;
  readonly cursors: CursorRegistry;
  readonly sessions: LocalSessionCache;
  readonly stats: ServerStats;
  readonly server: ServerInfo;
}

let lastRequestId = 0;

/** Reply requestIds: a positive int32 sequence (wraps). */
function nextRequestId(): number {
  lastRequestId = lastRequestId >= 0x7fffffff ? 1 : lastRequestId + 1;
  return lastRequestId;
}

/**
 * Replies are corked and flushed once per event-loop turn (setImmediate), after every
 * readable connection has been served: one write syscall per connection per turn, and the
 * server is not preempted by each woken client before it has answered the others.
 */
const corked = new Set<Socket>();
let flushScheduled = false;

function flushReplies(): void {
  flushScheduled = false;
  for (const s of corked) if (!s.destroyed) s.uncork();
  corked.clear();
}

function send(socket: Socket, reply: Buffer): void {
  if (!corked.has(socket)) {
    socket.cork();
    corked.add(socket);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushReplies);
    }
  }
  socket.write(reply);
}

export function handleConnection(socket: Socket, connectionId: number, services: ServerServices): void {
  const reader = new FrameReader();
  const connection = { id: connectionId, remote: `${socket.remoteAddress ?? '127.0.0.1'}:${socket.remotePort ?? 0}` };
  socket.setNoDelay(true);

  const run = (db: string, body: Doc): Doc => {
    const name = Object.keys(body)[0];
    if (name === undefined) return errorReply(new CommandError(ErrorCode.FailedToParse, 'Empty command object'));
    return dispatch({ name, db, body, connection, ...services });
  };

  const onFrame = (frame: Buffer): void => {
    const opCode = frame.readInt32LE(12);
    if (opCode === OpCode.Msg) {
      const req = decodeOpMsg(frame);
      const db = typeof req.body['$db'] === 'string' ? req.body['$db'] : 'admin';
      const reply = run(db, req.body);
      if (req.flags & OpMsgFlag.MoreToCome) return;
      send(socket, encodeOpMsg(nextRequestId(), req.requestId, reply));
    } else if (opCode === OpCode.Query) {
      const req = decodeOpQuery(frame);
      const db = req.fullCollectionName.split('.')[0] ?? 'admin';
      const wrapped = req.query['$query'] ?? req.query['query'];
      const body = isPlainObject(wrapped) ? wrapped : req.query;
      send(socket, encodeOpReply(nextRequestId(), req.requestId, run(db, body)));
    } else {
      throw new Error(`unsupported opCode ${opCode}`);
    }
  };

  socket.on('data', (chunk: Buffer) => {
    try {
      for (const frame of reader.push(chunk)) onFrame(frame);
    } catch (err) {
      if (process.env['MONGO_DEV_DEBUG']) process.stderr.write(`mongo-dev-server: closing connection ${connectionId}: ${String(err)}\n`);
      socket.destroy();
    }
  });
  socket.on('error', () => socket.destroy());
}
