/**
 * Splits a TCP byte stream into whole wire-protocol messages (length-prefixed frames).
 * Throws on a frame length outside [16, maxMessageSizeBytes] (the connection is then closed).
 */
import { HEADER_SIZE, Limits } from './wire.constants';

export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: Buffer[] = [];
    if (this.pendingBytes < 4) return frames;
    let buf = this.pending.length === 1 ? (this.pending[0]) : Buffer.concat(this.pending, this.pendingBytes);
    let offset = 0;
    while (buf.length - offset >= 4) {
      const len = buf.readInt32LE(offset);
      if (len < HEADER_SIZE || len > Limits.maxMessageSizeBytes) throw new Error(`invalid message length ${len}`);
      if (buf.length - offset < len) break;
      frames.push(buf.subarray(offset, offset + len));
      offset += len;
    }
    buf = buf.subarray(offset);
    this.pending = buf.length > 0 ? [buf] : [];
    this.pendingBytes = buf.length;
    return frames;
  }
}
