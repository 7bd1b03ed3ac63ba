import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { validateParams } from '../common/validate-params';
import { FaultModes, type FaultModesView } from './fault-modes.service';
import { SetFaultsDto } from './set-faults.dto';

/**
 * Sandbox controls (no API key, like `/mail/messages`; never Stripe):
 *  - `GET /sandbox/faults` -> `{ payments, mail }`, the current modes;
 *  - `POST /sandbox/faults` JSON `{ payments?: 'ok'|'unavailable'|'hang', mail?: 'ok'|'unavailable' }`
 *    -> 200 with the modes now in force; 400 for an unknown key or value.
 */
@Controller('sandbox/faults')
export class FaultsController {
  constructor(private readonly faults: FaultModes) {}

  @Get()
  current(): FaultModesView {
    return this.faults.current();
  }

  @Post()
  @HttpCode(200)
  set(@Body() body: unknown): FaultModesView {
    const update = validateParams(SetFaultsDto, body);
    return this.faults.set({ ...(update.payments === undefined ? {} : { payments: update.payments }), ...(update.mail === undefined ? {} : { mail: update.mail }) });
  }
}
