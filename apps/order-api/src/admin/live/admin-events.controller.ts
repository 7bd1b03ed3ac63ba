import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiRoute } from '../../http/api-route.decorator';
import { AdminOnly } from '../admin-only.decorator';
import { ConsoleEventsHub } from './console-events.hub';

@AdminOnly()
@Controller('admin/events')
export class AdminEventsController {
  constructor(private readonly hub: ConsoleEventsHub) {}

  @Get()
  @ApiRoute({
    summary: 'Live console updates (Server-Sent Events)',
    description:
      'A `text/event-stream` that stays open. `event: overview` (data: the `GET /admin/metrics` answer) on connect and when counts settle; ' +
      '`event: orders` (data: `{ created, moved, overview? }`) at most once a second while orders are placed or change. ' +
      'Authorised like every admin route (`Authorization: Bearer`), so browsers read it with `fetch` rather than `EventSource`.',
    errors: ['UNAUTHORIZED'],
  })
  @ApiResponse({ status: 200, description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  stream(@Req() request: Request, @Res() response: Response): void {
    this.hub.attach(request, response);
  }
}
