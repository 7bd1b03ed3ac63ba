/**
 * Minimal OP_MSG client used by the benchmark's "raw wire" phase to measure the server
 * without the official driver's per-operation client cost: one TCP connection, one request
 * in flight, findAndModify only. Loopback only (the caller validates the target).
 */
import * as net from 'node:net';
import { deserialize, serialize } from 'bson';
import type { Document } from 'bson';

export class RawWireClient {
  private buffered: Buffer = Buffer.alloc(0);
  private pending: ((reply: Document) => void) | undefined;
  private requestId = 1;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  static connect(host: string, port: number): Promise<RawWireClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new RawWireClient(socket)));
      socket.once('error', reject);
    });
  }

  command(body: Document): Promise<Document> {
    const payload = serialize(body);
    const head = Buffer.alloc(21);
    head.writeInt32LE(21 + payload.length, 0);
    head.writeInt32LE(this.requestId++, 4);
    head.writeInt32LE(2013, 12);
    return new Promise((resolve) => {
      this.pending = resolve;
      this.socket.write(Buffer.concat([head, payload]));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4 && this.buffered.length >= this.buffered.readInt32LE(0)) {
      const len = this.buffered.readInt32LE(0);
      const reply = deserialize(this.buffered.subarray(21, len));
      this.buffered = this.buffered.subarray(len);
      const done = this.pending;
      this.pending = undefined;
      done?.(reply);
    }
  }
}
