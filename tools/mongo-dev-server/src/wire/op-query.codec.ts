/**
 * Legacy OP_QUERY (opcode 2004) decoding and OP_REPLY (opcode 1) encoding. Only used for
 * the connection handshake (`isMaster`/`hello` against `admin.$cmd`), as drivers do before
 * they know the server speaks OP_MSG.
 */
import { serialize } from 'bson';
import type { Doc } from '../storage/doc.types';
import { SERIALIZE_OPTIONS, decodeDocument } from './op-msg.codec';
import { HEADER_SIZE, OpCode } from './wire.constants';

export interface OpQueryRequest {
  readonly requestId: number;
  readonly fullCollectionName: string;
  readonly query: Doc;
}

export function decodeOpQuery(frame: Buffer): OpQueryRequest {
  const requestId = frame.readInt32LE(4);
  let p = HEADER_SIZE + 4; // flags
  const nul = frame.indexOf(0, p);
  const fullCollectionName = frame.toString('utf8', p, nul);
  p = nul + 1 + 8; // numberToSkip, numberToReturn
  const size = frame.readInt32LE(p);
  const query = decodeDocument(frame.subarray(p, p + size));
  return { requestId, fullCollectionName, query };
}

export function encodeOpReply(requestId: number, responseTo: number, doc: Doc): Buffer {
  const payload = serialize(doc, SERIALIZE_OPTIONS);
  const head = Buffer.alloc(HEADER_SIZE + 20);
  head.writeInt32LE(head.length + payload.length, 0);
  head.writeInt32LE(requestId, 4);
  head.writeInt32LE(responseTo, 8);
  head.writeInt32LE(OpCode.Reply, 12);
  head.writeInt32LE(0, 16); // responseFlags
  // cursorID (8 bytes, 0), startingFrom (4 bytes, 0) are already zero
  head.writeInt32LE(1, 32); // numberReturned
  return Buffer.concat([head, payload], head.length + payload.length);
}
