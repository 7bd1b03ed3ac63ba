/**
 * nodemailer's `getSocket` hook: opens the socket of one pooled SMTP connection itself — TCP, or
 * TLS when the transport is `secure` (smtps://: certificate checked, SNI by host name) — and
 * batches its writes. The first write in a turn of the event loop corks the socket and the end of
 * that turn (setImmediate) uncorks it, so whatever nodemailer wrote meanwhile leaves in one system
 * call: a message's headers, body and final dot are three writes otherwise (the pipelined
 * MAIL FROM / RCPT TO / DATA is already one). Nothing waits longer than that turn.
 *
 * Errors: a connection that fails or is not up within the transport's `connectionTimeout` is
 * handed back as the error; nodemailer fails the message with it. After a STARTTLS upgrade on a
 * plain connection nodemailer writes to a TLS socket of its own, unbatched.
 */
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { SMTPTransportGetSocketCallback, SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** Corks on the first write of a turn, uncorks when the turn ends. */
function batchWrites(socket: Socket): Socket {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  const flush = (): void => {
    corked = false;
    socket.uncork();
  };
  socket.write = (...args: unknown[]): boolean => {
    if (!corked) {
      corked = true;
      socket.cork();
      setImmediate(flush);
    }
    return write(...args);
  };
  return socket;
}

export function getBatchedSocket(options: SMTPTransportOptions, callback: SMTPTransportGetSocketCallback): void {
  const host = options.host ?? 'localhost';
  const port = Number(options.port) || (options.secure === true ? 465 : 587);
  const socket =
    options.secure === true
      ? connectTls({ host, port, ...(isIP(host) === 0 ? { servername: options.servername ?? host } : {}), ...options.tls })
      : connectTcp({ host, port });
  const ready = options.secure === true ? 'secureConnect' : 'connect';
  const done = (error: Error | null): void => {
    clearTimeout(timer);
    socket.off('error', done);
    socket.off(ready, onReady);
    if (error === null) {
      callback(null, { connection: batchWrites(socket), secured: options.secure === true });
      return;
    }
    socket.destroy();
    callback(error);
  };
  const onReady = (): void => done(null);
  const timer = setTimeout(() => done(new Error(`SMTP connection to ${host}:${port} not up within ${options.connectionTimeout ?? DEFAULT_CONNECT_TIMEOUT_MS} ms`)), options.connectionTimeout ?? DEFAULT_CONNECT_TIMEOUT_MS);
  socket.once('error', done);
  socket.once(ready, onReady);
}
