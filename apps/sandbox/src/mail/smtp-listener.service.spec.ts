/**
 * The SMTP face speaks PIPELINING (RFC 2920) like a real relay: it advertises it, and a client
 * that sends MAIL FROM, RCPT TO and DATA in one write gets each reply in order and can send the
 * message after the 354. nodemailer relies on this to spend two round trips a message.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestSandbox, unique, type TestSandbox } from '../testing/test-sandbox';
import type { MailMessage } from './mail-message.model';

/** A bare SMTP client: `reply()` resolves with the next complete (possibly multi-line) reply. */
class RawSmtp {
  private buffer = '';
  private readonly replies: string[] = [];
  private waiting: ((reply: string) => void) | undefined;

  constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let match = /^(?:\d{3}-.*\r\n)*\d{3}(?: .*)?\r\n/.exec(this.buffer); match; match = /^(?:\d{3}-.*\r\n)*\d{3}(?: .*)?\r\n/.exec(this.buffer)) {
        this.buffer = this.buffer.slice(match[0].length);
        this.replies.push(match[0]);
      }
      this.deliver();
    });
  }

  static open(port: number): Promise<RawSmtp> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawSmtp(socket)));
      socket.once('error', reject);
    });
  }

  write(text: string): void {
    this.socket.write(text);
  }

  reply(): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.deliver();
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private deliver(): void {
    const waiting = this.waiting;
    const next = this.replies[0];
    if (waiting === undefined || next === undefined) return;
    this.replies.shift();
    this.waiting = undefined;
    waiting(next);
  }
}

describe('SMTP listener: PIPELINING (integration, real SMTP)', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(async () => {
    await sandbox.close();
  });

  it('advertises PIPELINING and answers a pipelined envelope in order, then takes the message', async () => {
    const smtp = await RawSmtp.open(sandbox.smtpPort);
    try {
      assert.match(await smtp.reply(), /^220 /);
      smtp.write('EHLO client.test\r\n');
      assert.match(await smtp.reply(), /^250[- ]PIPELINING\r$/m);

      const orderId = unique('order');
      smtp.write('MAIL FROM:<shop@shop.test>\r\nRCPT TO:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nDATA\r\n');
      const replies = [await smtp.reply(), await smtp.reply(), await smtp.reply(), await smtp.reply()];
      assert.deepEqual(replies.map((reply) => reply.slice(0, 3)), ['250', '250', '250', '354']);

      smtp.write(`Message-ID: <${orderId}@shop.test>\r\nX-Order-Id: ${orderId}\r\nSubject: pipelined\r\n\r\nhello\r\n.\r\n`);
      assert.match(await smtp.reply(), /^250 /);
      const found = await sandbox.get<{ data: MailMessage[] }>(`/mail/messages?orderId=${orderId}`);
      assert.deepEqual(found.body.data.map((message) => [message.subject, message.to, message.deliveries]), [['pipelined', ['a@example.test', 'b@example.test'], 1]]);
    } finally {
      smtp.close();
    }
  });
});
