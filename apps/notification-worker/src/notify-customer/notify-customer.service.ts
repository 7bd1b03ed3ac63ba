/**
 * Sends one kind of message for an order exactly once as far as the database can tell: claim the
 * outbox record (lease), send, mark SENT. ALREADY_SENT makes a duplicate job a no-op; BUSY
 * (another worker holds the lease) is the same normal outcome as a busy item lock.
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
    const claim = await this.outbox.claim(order._id, type, owner, this.config.lockTtlMs);
    if (claim === 'ALREADY_SENT') return;
    if (claim === 'BUSY') throw new LockBusyError(`notification ${order._id}:${type}`);
    const messageId = `<${order._id}.${type}@saga-orchestrator>`;
    await this.mail.send({
      to: order.email,
      messageId,
      headers: { 'X-Order-Id': order._id, 'X-Notification-Type': type },
      ...renderNotification(order, type),
    });
    await this.outbox.markSent(order._id, type, owner, messageId);
  }
}
