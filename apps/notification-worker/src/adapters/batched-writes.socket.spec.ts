/**
 * getBatchedSocket against real local TCP and TLS servers: the writes of one turn of the event
 * loop leave together, later ones are not held back, TLS checks the certificate, and a connection
 * that cannot be made is an error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, TLSSocket, type Server as TlsServer } from 'node:tls';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import { getBatchedSocket } from './batched-writes.socket';

/** Test-only self-signed certificate for `localhost` (P-256, valid until 2126). */
const TEST_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPMtuIb8LB+V22AXk',
  'tqEYt0R85Q1TfjR6g96/td9HbcmhRANCAAQ5oaXov8vwx37LKsRtBxFUiJTqYWtX',
  'rO2+FuPETTUHsBp4CReXtOKqoB54Uw6NNU+ojFQGQlrN5nWuXXeUWvVi',
  '-----END PRIVATE KEY-----',
].join('\n');
const TEST_CERT = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBlDCCATugAwIBAgIUC4C9w+rdyTqUZGF1ZQ4qDV5ULhAwCgYIKoZIzj0EAwIw',
  'FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMjAzNTkwM1oYDzIxMjYxMTA4',
  'MDM1OTAzWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO',
  'PQMBBwNCAAQ5oaXov8vwx37LKsRtBxFUiJTqYWtXrO2+FuPETTUHsBp4CReXtOKq',
  'oB54Uw6NNU+ojFQGQlrN5nWuXXeUWvVio2kwZzAdBgNVHQ4EFgQURL4ujDaQ8PiM',
  '5ud/qCJHT+qt1f4wHwYDVR0jBBgwFoAURL4ujDaQ8PiM5ud/qCJHT+qt1f4wDwYD',
  'VR0TAQH/BAUwAwEB/zAUBgNVHREEDTALgglsb2NhbGhvc3QwCgYIKoZIzj0EAwID',
  'RwAwRAIgHV07BMLNuK21h9MEw4lvZtWX6fZjfcB1JnSEHkrYC1YCIHmf8GartKLg',
  'XmCi03yoh6Fv4lhehx614UZkHwmE2NWO',
  '-----END CERTIFICATE-----',
].join('\n');

function open(port: number, options: Partial<SMTPTransportOptions> = {}): Promise<{ socket: Socket; secured: unknown }> {
  return new Promise((resolve, reject) => {
    getBatchedSocket({ host: '127.0.0.1', port, secure: false, connectionTimeout: 2_000, ...options }, (error, socketOptions) => {
      if (error !== null) reject(error);
      else if (socketOptions && socketOptions.connection) resolve({ socket: socketOptions.connection, secured: socketOptions['secured'] });
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
    const { socket, secured } = await open(port);
    assert.equal(secured, false);
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

  it('speaks TLS for a secure transport, checks the certificate, and batches the writes there too', async () => {
    const tlsServer: TlsServer = createTlsServer({ key: TEST_KEY, cert: TEST_CERT }, (socket) => {
      chunks = [];
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => chunks.push(chunk));
    });
    tlsServer.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const tlsPort = (tlsServer.address() as AddressInfo).port;
    try {
      await assert.rejects(open(tlsPort, { host: 'localhost', secure: true }), /self-signed|certificate/);
      // trusted by this test alone (its validity dates are not the point here)
      const { socket, secured } = await open(tlsPort, { host: 'localhost', secure: true, tls: { rejectUnauthorized: false } });
      try {
        assert.ok(socket instanceof TLSSocket && socket.encrypted);
        assert.equal(secured, true, 'nodemailer must not start TLS a second time');
        socket.write('one\r\n');
        socket.write('two\r\n');
        assert.equal(socket.writableLength, 10);
        await received('one\r\ntwo\r\n');
      } finally {
        socket.destroy();
      }
    } finally {
      await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
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
