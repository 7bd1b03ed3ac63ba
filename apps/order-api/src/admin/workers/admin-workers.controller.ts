import { Controller, Get } from '@nestjs/common';
import { ApiRoute } from '../../http/api-route.decorator';
import { AdminOnly } from '../admin-only.decorator';
import { ReadWorkers, type WorkersView } from './read-workers.use-case';

@AdminOnly()
@Controller('admin/workers')
export class AdminWorkersController {
  constructor(private readonly workers: ReadWorkers) {}

  @Get()
  @ApiRoute({
    summary: 'Live worker processes (kind, host, pid, concurrency, steps in flight, consumer state, last heartbeat), and queues with waiting jobs and no live consumer',
    description: 'Each worker replaces its own document every 5 s (`workers` collection, index `heartbeat`); alive = a heartbeat within the last 15 s.',
    errors: ['UNAUTHORIZED'],
  })
  get(): Promise<WorkersView> {
    return this.workers.execute();
  }
}
