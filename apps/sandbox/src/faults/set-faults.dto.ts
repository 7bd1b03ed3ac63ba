import { IsIn, IsOptional } from 'class-validator';
import { MAIL_FAULT_MODES, PAYMENTS_FAULT_MODES, type MailFaultMode, type PaymentsFaultMode } from './fault-modes.service';

/** JSON body of `POST /sandbox/faults`; both fields optional, unknown keys rejected. */
export class SetFaultsDto {
  @IsOptional()
  @IsIn(PAYMENTS_FAULT_MODES, { message: `Invalid payments: must be one of ${PAYMENTS_FAULT_MODES.join(', ')}.` })
  payments?: PaymentsFaultMode;

  @IsOptional()
  @IsIn(MAIL_FAULT_MODES, { message: `Invalid mail: must be one of ${MAIL_FAULT_MODES.join(', ')}.` })
  mail?: MailFaultMode;
}
