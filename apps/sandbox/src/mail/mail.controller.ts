import { Controller, Get, Query } from '@nestjs/common';
import { optionalQueryString } from '../common/optional-query-string';
import type { MailMessage } from './mail-message.model';
import { MailboxStore } from './mailbox.store';

/** `GET /mail/messages?orderId=&type=` (no auth): received messages in arrival order. */
@Controller('mail/messages')
export class MailController {
  constructor(private readonly mailbox: MailboxStore) {}

  @Get()
  list(@Query('orderId') orderId: unknown, @Query('type') type: unknown): { data: MailMessage[] } {
    const filter = { orderId: optionalQueryString(orderId, 'orderId'), type: optionalQueryString(type, 'type') };
    return { data: this.mailbox.list(filter) };
  }
}
