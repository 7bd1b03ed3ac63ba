/**
 * Wire-level behaviour the driver does not exercise: legacy OP_QUERY handshake answered
 * with OP_REPLY, OP_MSG kind-1 document sequences, checksum flag, moreToCome (no reply).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { deserialize, serialize } from 'bson';
import type { Document } from 'bson';
import { startMongoDevServer } from '../src/index';
import type { MongoDevServer } from '../src/index';

function opQuery(requestId: number, ns: string, query: Document): Buffer {
  const q = serialize(query);
  const nsBuf = Buffer.from(`${ns}\0`, 'utf8');
  const head = Buffer.alloc(20);
  const tail = Buffer.alloc(8);
  tail.writeInt32LE(0, 0);
  tail.writeInt32LE(-1, 4);
  head.writeInt32LE(20 + nsBuf.length + 8 + q.length, 0);
  head.writeInt32LE(requestId, 4);
  head.writeInt32LE(2004, 12);
  return Buffer.concat([head, nsBuf, tail, q]);
}

function opMsg(requestId: number, flags: number, body: Document, seq?: [string, Document[]]): Buffer {
  const parts: Uint8Array[] = [Buffer.from([0]), serialize(body)];
  if (seq) {
    const id = Buffer.from(`${seq[0]}\0`, 'utf8');
    const docs = seq[1].map((d) => serialize(d));
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + id.length + docs.reduce((n, d) => n + d.length, 0));
    parts.push(Buffer.from([1]), size, id, ...docs);
  }
  if (flags & 1) parts.push(Buffer.alloc(4)); // checksum (not verified by the server)
  const payload = Buffer.concat(parts);
  const head = Buffer.alloc(20);
  head.writeInt32LE(20 + payload.length, 0);
  head.writeInt32LE(requestId, 4);
  head.writeInt32LE(2013, 12);
  head.writeUInt32LE(flags, 16);
  return Buffer.concat([head, payload]);
}

class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: ((b: Buffer) => void)[] = [];
  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      while (this.buf.length >= 4 && this.buf.length >= this.buf.readInt32LE(0)) {
        const len = this.buf.readInt32LE(0);
        const frame = this.buf.subarray(0, len);
        this.buf = this.buf.subarray(len);
        this.waiters.shift()?.(frame);
      }
    });
  }
  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }
  send(msg: Buffer): Promise<Buffer> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.socket.write(msg);
    });
  }
  sendNoReply(msg: Buffer): void {
    this.socket.write(msg);
  }
  close(): void {
    this.socket.destroy();
  }
}

function msgBody(frame: Buffer): Document {
  assert.equal(frame.readInt32LE(12), 2013);
  assert.equal(frame[20], 0);
  return deserialize(frame.subarray(21));
}

describe('wire protocol', () => {
  let server: MongoDevServer;
  let raw: RawClient;
  before(async () => {
    server = await startMongoDevServer({ port: 0 });
    raw = await RawClient.connect(server.port);
  });
  after(async () => {
    raw.close();
    await server.close();
  });

  it('answers a legacy OP_QUERY isMaster with OP_REPLY', async () => {
    const reply = await raw.send(opQuery(7, 'admin.$cmd', { isMaster: 1, helloOk: true }));
    assert.equal(reply.readInt32LE(8), 7, 'responseTo');
    assert.equal(reply.readInt32LE(12), 1, 'OP_REPLY');
    assert.equal(reply.readInt32LE(32), 1, 'numberReturned');
    const doc = deserialize(reply.subarray(36));
    assert.equal(doc['ismaster'], true);
    assert.equal(doc['helloOk'], true);
    assert.equal(doc['maxWireVersion'], 21);
    assert.equal(doc['setName'], undefined);
    assert.equal(doc['compression'], undefined);
    assert.equal(doc['ok'], 1);
  });

  it('merges OP_MSG kind-1 sequences, tolerates the checksum flag, honours moreToCome', async () => {
    const ins = msgBody(await raw.send(opMsg(8, 1, { insert: 'w', $db: 'wire' }, ['documents', [{ _id: 1 }, { _id: 2 }]])));
    assert.equal(ins['n'], 2);
    raw.sendNoReply(opMsg(9, 2, { insert: 'w', $db: 'wire', documents: [{ _id: 3 }] }));
    const found = msgBody(await raw.send(opMsg(10, 0, { find: 'w', filter: {}, $db: 'wire' })));
    assert.deepEqual(found['cursor']['firstBatch'], [{ _id: 1 }, { _id: 2 }, { _id: 3 }]);
    const bad = msgBody(await raw.send(opMsg(11, 0, { nope: 1, $db: 'wire' })));
    assert.deepEqual([bad['ok'], bad['code'], bad['codeName']], [0, 59, 'CommandNotFound']);
  });
});
