/**
 * Sends one kind of message for an order, at least once and in practice once: claim the outbox
 * record (a lease of MAIL_LEASE_MS, longer than the SMTP client's timeouts), send, mark SENT.
 * ALREADY_SENT makes a duplicate job a no-op; BUSY (someone else holds the lease) is the same
 * normal outcome as a busy item lock. Each run of the step claims under an owner of its own, so
 * concurrent deliveries of one job never both send; a run whose send fails gives its lease up at
 * once, so the job's own retry takes over without waiting for it to expire. Exactly once is
 * impossible with SMTP: a process that dies between the server's "250 OK" and the mark (or freezes
 * there past its job lock, so that the job runs elsewhere) leads to a second delivery, with the
 * same Message-ID, which receivers that de-duplicate by it show as one message.
 */
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { WorkerConfig } from '@app/config';
import { NotificationRepository } from '@app/dal';
import { LockBusyError, type StepOrder } from '@app/domain';
import { MAIL_SENDER, type MailSender } from '../mail-sender.port';
import { WORKER_CONFIG } from '@app/saga';
import { renderNotification, type NotificationType } from './notification-templates';

@Injectable()
export class NotifyCustomer {
  constructor(
    private readonly outbox: NotificationRepository,
    @Inject(MAIL_SENDER) private readonly mail: MailSender,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async send(order: StepOrder, type: NotificationType): Promise<void> {
    const owner = randomUUID();
    const claim = await this.outbox.claim(order._id, type, owner, this.config.mail.leaseMs);
    if (claim === 'ALREADY_SENT') return;
    if (claim === 'BUSY') throw new LockBusyError(`notification ${order._id}:${type}`);
    const messageId = `<${order._id}.${type}@saga-orchestrator>`;
    try {
      await this.mail.send({
        to: order.email,
        messageId,
        headers: { 'X-Order-Id': order._id, 'X-Notification-Type': type },
        ...renderNotification(order, type),
      });
    } catch (error) {
      // Nothing was accepted (or we cannot know): let the retry claim the message at once.
      await this.outbox.giveUp(order._id, type, owner).catch(() => undefined);
      throw error;
    }
    await this.outbox.markSent(order._id, type, owner, messageId);
  }
}
