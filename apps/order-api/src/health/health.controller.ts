import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Db } from 'mongodb';
import { OUTSIDE_PROVIDER, QUEUE } from '@app/contracts';
import { DatabaseClock, MONGO_DB, ProviderCircuitRepository, type ProviderCircuitSummary } from '@app/dal';
import { ApiError } from '../http/api.error';
import { ApiRoute } from '../http/api-route.decorator';

interface Health {
  readonly status: 'ok';
  readonly mongo: 'up';
  readonly redis: 'up';
  /** Details, not health: an outside provider's open circuit does not make this process unhealthy. */
  readonly providers: ProviderCircuitSummary;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(MONGO_DB) private readonly db: Db,
    @InjectQueue(QUEUE.INVENTORY) private readonly queue: Queue,
    private readonly circuits: ProviderCircuitRepository,
    private readonly clock: DatabaseClock,
  ) {}

  @Get()
  @ApiRoute({
    summary: 'Liveness of the API and its MongoDB and Redis connections, with the outside providers as details',
    errors: ['DATABASE_UNAVAILABLE'],
    description:
      'DATABASE_UNAVAILABLE (503) when MongoDB or Redis is unreachable. `providers` says, per outside provider (`payment`, `mail`), whether some worker has its circuit open now (it stopped calling a failing provider for CIRCUIT_OPEN_MS): a detail for operators, never a reason to answer 503, since no pod can fix a provider.',
  })
  @ApiOkResponse({ schema: { example: { status: 'ok', mongo: 'up', redis: 'up', providers: { payment: { state: 'open', openInstances: 1 }, mail: { state: 'closed', openInstances: 0 } } } } })
  async check(): Promise<Health> {
    const [mongo, redis, providers] = await Promise.allSettled([this.db.command({ ping: 1 }), this.queue.getJobCounts('waiting'), this.circuits.summary(this.clock.now(), Object.values(OUTSIDE_PROVIDER))]);
    if (mongo.status === 'rejected' || redis.status === 'rejected') {
      throw new ApiError('DATABASE_UNAVAILABLE', `MongoDB ${mongo.status === 'fulfilled' ? 'up' : 'down'}, Redis ${redis.status === 'fulfilled' ? 'up' : 'down'}`);
    }
    return { status: 'ok', mongo: 'up', redis: 'up', providers: providers.status === 'fulfilled' ? providers.value : {} };
  }
}
