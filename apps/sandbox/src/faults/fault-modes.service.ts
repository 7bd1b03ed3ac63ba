import { Injectable, type OnModuleDestroy } from '@nestjs/common';

/**
 * The sandbox's fault switches (sandbox only, not Stripe), shared by the payment and mail faces:
 *  - payments `ok` | `unavailable` (every Stripe-API request answers 503 without executing) |
 *    `hang` (those requests get no answer until the mode leaves `hang`, then 503);
 *  - mail `ok` | `unavailable` (SMTP refuses new messages with a transient 451).
 * `whilePaymentsHang()` resolves when payments leave `hang` (or the app shuts down).
 */
export const PAYMENTS_FAULT_MODES = ['ok', 'unavailable', 'hang'] as const;
export type PaymentsFaultMode = (typeof PAYMENTS_FAULT_MODES)[number];
export const MAIL_FAULT_MODES = ['ok', 'unavailable'] as const;
export type MailFaultMode = (typeof MAIL_FAULT_MODES)[number];

export interface FaultModesView {
  readonly payments: PaymentsFaultMode;
  readonly mail: MailFaultMode;
}

@Injectable()
export class FaultModes implements OnModuleDestroy {
  private modes: FaultModesView = { payments: 'ok', mail: 'ok' };
  private readonly held = new Set<() => void>();

  current(): FaultModesView {
    return this.modes;
  }

  set(update: Partial<FaultModesView>): FaultModesView {
    this.modes = { ...this.modes, ...update };
    if (this.modes.payments !== 'hang') this.releaseHeld();
    return this.modes;
  }

  whilePaymentsHang(): Promise<void> {
    if (this.modes.payments !== 'hang') return Promise.resolve();
    return new Promise<void>((resolve) => this.held.add(resolve));
  }

  onModuleDestroy(): void {
    this.releaseHeld();
  }

  private releaseHeld(): void {
    for (const resolve of this.held) resolve();
    this.held.clear();
  }
}
