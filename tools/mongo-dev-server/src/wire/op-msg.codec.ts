/**
 * OP_MSG (opcode 2013) decoding and encoding. Section kind 0 is the command body; each
 * kind-1 section (document sequence, e.g. `documents` of an insert) is merged into the
 * body as an array under its identifier. A trailing CRC-32C checksum is tolerated (not verified).
 */
import { deserialize, serialize } from 'bson';
import type { Doc } from '../storage/doc.types';
import { HEADER_SIZE, OpCode, OpMsgFlag } from './wire.constants';
import { hasIntegralDouble } from './bson-doubles.scan';
import { fromWire } from '../util/bson-number.util';

export const DESERIALIZE_OPTIONS = { promoteValues: true, promoteLongs: false, promoteBuffers: false, bsonRegExp: false } as const;
const TYPED_OPTIONS = { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: false } as const;

/**
 * Decodes one BSON document keeping numeric types (int64 as `Long`; a double that would look
 * like an int32 as `Double`). The common case (no such double) is bson's promoted decode.
 */
export function decodeDocument(buf: Buffer): Doc {
  if (!hasIntegralDouble(buf, 0, buf.length)) return deserialize(buf, DESERIALIZE_OPTIONS);
  return fromWire(deserialize(buf, TYPED_OPTIONS)) as Doc;
}
export const SERIALIZE_OPTIONS = { checkKeys: false, ignoreUndefined: true } as const;

export interface OpMsgRequest {
  readonly requestId: number;
  readonly flags: number;
  readonly body: Doc;
}

export function decodeOpMsg(frame: Buffer): OpMsgRequest {
  const requestId = frame.readInt32LE(4);
  const flags = frame.readUInt32LE(HEADER_SIZE);
  const end = frame.length - (flags & OpMsgFlag.ChecksumPresent ? 4 : 0);
  let offset = HEADER_SIZE + 4;
  let body: Doc | undefined;
  const sequences: [string, Doc[]][] = [];
  while (offset < end) {
    const kind = frame[offset];
    offset += 1;
    const size = frame.readInt32LE(offset);
    if (kind === 0) {
      body = decodeDocument(frame.subarray(offset, offset + size));
      offset += size;
    } else if (kind === 1) {
      const sectionEnd = offset + size;
      let p = offset + 4;
      const nul = frame.indexOf(0, p);
      const identifier = frame.toString('utf8', p, nul);
      p = nul + 1;
      const docs: Doc[] = [];
      while (p < sectionEnd) {
        const docSize = frame.readInt32LE(p);
        docs.push(decodeDocument(frame.subarray(p, p + docSize)));
        p += docSize;
      }
      sequences.push([identifier, docs]);
      offset = sectionEnd;
    } else {
      throw new Error(`unsupported OP_MSG section kind ${String(kind)}`);
    }
  }
  if (!body) throw new Error('OP_MSG without a body section');
  for (const [id, docs] of sequences) {
    const existing = body[id];
    body[id] = Array.isArray(existing) ? [...(existing as Doc[]), ...docs] : docs;
  }
  return { requestId, flags, body };
}

export function encodeOpMsg(requestId: number, responseTo: number, doc: Doc): Buffer {
  const payload = serialize(doc, SERIALIZE_OPTIONS);
  const header = Buffer.allocUnsafe(HEADER_SIZE + 5);
  header.writeInt32LE(HEADER_SIZE + 5 + payload.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(OpCode.Msg, 12);
  header.writeUInt32LE(0, 16);
  header.writeUInt8(0, 20);
  return Buffer.concat([header, payload], header.length + payload.length);
}
