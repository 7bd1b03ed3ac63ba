/**
 * getBatchedSocket against a real local TCP server: the writes of one turn of the event loop
 * leave together, later ones are not held back, and a connection that cannot be made is an error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { getBatchedSocket } from './batched-writes.socket';

function open(port: number, connectionTimeout = 2_000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    getBatchedSocket({ host: '127.0.0.1', port, secure: false, connectionTimeout }, (error, socketOptions) => {
      if (error !== null) reject(error);
      else if (socketOptions && socketOptions.connection) resolve(socketOptions.connection);
      else reject(new Error('no socket handed over'));
    });
  });
}

describe('getBatchedSocket (real TCP server)', () => {
  let server: Server;
  let port: number;
  /** What the server received, chunk by chunk, on the latest connection. */
  let chunks: string[];

  before(async () => {
    server = createServer((socket) => {
      chunks = [];
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => chunks.push(chunk));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function received(text: string): Promise<void> {
    for (let i = 0; i < 100 && chunks.join('') !== text; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(chunks.join(''), text);
  }

  it('sends the writes of one turn together, and each later turn on its own', async () => {
    const socket = await open(port);
    try {
      socket.write('X-Header: 1\r\n\r\n');
      socket.write('body\r\n');
      socket.write('.\r\n');
      assert.equal(socket.writableLength, 24, 'held in the socket until the turn ends');
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(socket.writableLength, 0, 'then handed over at once');
      await received('X-Header: 1\r\n\r\nbody\r\n.\r\n');
      socket.write('QUIT\r\n');
      assert.equal(socket.writableLength, 6, 'a write in a later turn starts a batch of its own');
      await received('X-Header: 1\r\n\r\nbody\r\n.\r\nQUIT\r\n');
    } finally {
      socket.destroy();
    }
  });

  it('hands back the error when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freed = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(open(freed), /ECONNREFUSED/);
  });
});
