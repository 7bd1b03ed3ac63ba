import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTransport, type Transporter } from 'nodemailer';
import type { SandboxErrorBody } from '../common/sandbox.error';
import { startTestSandbox, unique, type TestSandbox } from '../testing/test-sandbox';
import type { MailMessage } from './mail-message.model';
import { MAX_MESSAGE_BYTES } from './smtp-listener.service';

describe('SMTP mail server + GET /mail/messages (integration, real SMTP and HTTP)', () => {
  let sandbox: TestSandbox;
  let transport: Transporter;
  before(async () => {
    sandbox = await startTestSandbox();
    transport = createTransport({ host: '127.0.0.1', port: sandbox.smtpPort, secure: false, ignoreTLS: true });
  });
  after(async () => {
    transport.close();
    await sandbox.close();
  });

  const messages = async (query = ''): Promise<MailMessage[]> => {
    const res = await sandbox.get<{ data: MailMessage[] }>(`/mail/messages${query}`);
    assert.equal(res.status, 200);
    return res.body.data;
  };
  const send = (messageId: string, orderId: string, type: string, text: string): Promise<unknown> =>
    transport.sendMail({
      from: 'Shop <shop@shop.test>',
      to: ['buyer@example.test', 'audit@shop.test'],
      subject: `Bestellung ${orderId} – Grüße`,
      text,
      html: `<p>${text}</p>`,
      messageId,
      headers: { 'X-Order-Id': orderId, 'X-Notification-Type': type },
    });

  it('keeps each message, de-duplicates by Message-ID and filters by orderId and type', async () => {
    const orderA = unique('order');
    const orderB = unique('order');
    const idA = `<${unique('confirmed')}@shop.test>`;
    const idB = `<${unique('cancelled')}@shop.test>`;
    await send(idA, orderA, 'order_confirmed', 'Thanks for your order ✓');
    await send(idB, orderB, 'order_cancelled', 'Your order was cancelled.');
    await send(idA, orderA, 'order_confirmed', 'Thanks for your order ✓');

    const all = (await messages()).filter((message) => message.orderId === orderA || message.orderId === orderB);
    assert.deepEqual(all.map((message) => [message.messageId, message.deliveries]), [[idA, 2], [idB, 1]]);
    const [confirmed] = all;
    assert.match(confirmed?.id ?? '', /^msg_/);
    assert.equal(confirmed?.from, 'shop@shop.test');
    assert.deepEqual(confirmed?.to, ['buyer@example.test', 'audit@shop.test']);
    assert.equal(confirmed?.subject, `Bestellung ${orderA} – Grüße`);
    assert.equal(confirmed?.type, 'order_confirmed');
    assert.equal(confirmed?.text.trimEnd(), 'Thanks for your order ✓');
    assert.ok(!Number.isNaN(Date.parse(confirmed?.receivedAt ?? '')));

    assert.deepEqual((await messages(`?orderId=${orderA}`)).map((message) => message.messageId), [idA]);
    assert.deepEqual((await messages(`?orderId=${orderB}&type=order_cancelled`)).map((message) => message.messageId), [idB]);
    assert.deepEqual(await messages(`?orderId=${orderA}&type=order_cancelled`), []);
    assert.ok((await messages('?type=order_cancelled')).every((message) => message.type === 'order_cancelled'));
  });

  it('rejects a message over the size limit and stores nothing', async () => {
    const orderId = unique('order');
    await assert.rejects(
      send(`<${unique('big')}@shop.test>`, orderId, 'order_confirmed', 'x'.repeat(MAX_MESSAGE_BYTES + 1024)),
      (error: unknown) => error instanceof Error && 'responseCode' in error && error.responseCode === 552,
    );
    assert.deepEqual(await messages(`?orderId=${orderId}`), []);
  });

  it('answers 400 for a repeated filter', async () => {
    const res = await sandbox.get<SandboxErrorBody>('/mail/messages?type=a&type=b');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'type');
  });
});
