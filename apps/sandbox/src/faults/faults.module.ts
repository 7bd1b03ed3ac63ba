import { Module } from '@nestjs/common';
import { FaultModes } from './fault-modes.service';
import { FaultsController } from './faults.controller';
import { PaymentsFaultGuard } from './payments-fault.guard';

/** Fault switches for tests (`/sandbox/faults`), read by the payment face's guard and the SMTP listener. */
@Module({
  controllers: [FaultsController],
  providers: [FaultModes, PaymentsFaultGuard],
  exports: [FaultModes, PaymentsFaultGuard],
})
export class FaultsModule {}
