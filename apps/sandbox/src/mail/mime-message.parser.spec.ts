import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMimeMessage } from './mime-message.parser';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

describe('parseMimeMessage', () => {
  it('reads case-insensitive, folded and encoded headers; the first occurrence wins', () => {
    const message = parseMimeMessage(crlf([
      'Message-ID: <abc@shop.test>',
      'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?UTF-8?B?IGF1cyBCZXJsaW4=?=',
      'X-Order-Id: order-1',
      'X-Notification-Type:',
      '  order_confirmed',
      'x-order-id: second',
      '',
      'Body',
    ]));
    assert.equal(message.header('message-id'), '<abc@shop.test>');
    assert.equal(message.header('SUBJECT'), 'Grüße aus Berlin');
    assert.equal(message.header('x-order-id'), 'order-1');
    assert.equal(message.header('X-Notification-Type'), 'order_confirmed');
    assert.equal(message.header('missing'), undefined);
    assert.equal(message.text, 'Body');
  });

  it('decodes a quoted-printable text/plain body with its charset', () => {
    const message = parseMimeMessage(crlf([
      'Content-Type: text/plain; charset="iso-8859-1"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Gr=FC=DFe, this line is soft=',
      ' broken.',
      'Second line',
    ]));
    assert.equal(message.text, 'Grüße, this line is soft broken.\nSecond line');
  });

  it('finds the text/plain part of nested multiparts and skips attachments', () => {
    const message = parseMimeMessage(crlf([
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      'preamble',
      '--outer',
      'Content-Type: text/plain; name="notes.txt"',
      'Content-Disposition: attachment; filename="notes.txt"',
      '',
      'not the body',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      'Content-Type: text/html',
      '',
      '<p>Hello</p>',
      '--inner',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('Hello in plain text ✓').toString('base64'),
      '--inner--',
      '--outer--',
      'epilogue',
    ]));
    assert.equal(message.text, 'Hello in plain text ✓');
  });

  it('gives an empty text when there is no text/plain, and never throws on junk', () => {
    assert.equal(parseMimeMessage(crlf(['Content-Type: text/html', '', '<b>x</b>'])).text, '');
    assert.equal(parseMimeMessage(Buffer.from('no headers at all')).text, '');
    assert.equal(parseMimeMessage(crlf(['Content-Type: multipart/mixed', '', 'no boundary'])).text, '');
    assert.equal(parseMimeMessage(crlf(['Subject: =?x-unknown?Q?abc?=', '', ''])).header('subject'), '=?x-unknown?Q?abc?=');
  });
});
