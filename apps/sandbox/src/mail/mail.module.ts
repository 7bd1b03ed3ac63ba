import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { MailController } from './mail.controller';
import { MailboxStore } from './mailbox.store';
import { SmtpListener } from './smtp-listener.service';

/** The mail server: SMTP in (`SmtpListener`), HTTP out (`GET /mail/messages`). */
@Module({
  imports: [FaultsModule],
  controllers: [MailController],
  providers: [MailboxStore, SmtpListener],
  exports: [SmtpListener],
})
export class MailModule {}
