import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Db } from 'mongodb';
import { QUEUE } from '@app/contracts';
import { MONGO_DB } from '@app/dal';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(MONGO_DB) private readonly db: Db,
    @InjectQueue(QUEUE.INVENTORY) private readonly queue: Queue,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness of the API and its MongoDB and Redis connections' })
  async check(): Promise<{ status: 'ok'; mongo: 'up'; redis: 'up' }> {
    const [mongo, redis] = await Promise.allSettled([this.db.command({ ping: 1 }), this.queue.getJobCounts('waiting')]);
    if (mongo.status === 'rejected' || redis.status === 'rejected') {
      throw new ServiceUnavailableException(`mongo ${mongo.status === 'fulfilled' ? 'up' : 'down'}, redis ${redis.status === 'fulfilled' ? 'up' : 'down'}`);
    }
    return { status: 'ok', mongo: 'up', redis: 'up' };
  }
}
