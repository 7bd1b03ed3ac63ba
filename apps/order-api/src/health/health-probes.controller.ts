import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { HealthCheckResult } from '@nestjs/terminus';
import { ReadinessChecks } from '@app/saga';
import { ApiError } from '../http/api.error';
import { ApiRoute } from '../http/api-route.decorator';

const READY_EXAMPLE = {
  status: 'degraded',
  info: { mongo: { status: 'up' }, redis: { status: 'up' }, queues: { status: 'up' }, providers: { status: 'degraded', payment: { state: 'open', openInstances: 1 }, mail: { state: 'closed', openInstances: 0 } } },
  error: {},
  details: { mongo: { status: 'up' }, redis: { status: 'up' }, queues: { status: 'up' }, providers: { status: 'degraded', payment: { state: 'open', openInstances: 1 }, mail: { state: 'closed', openInstances: 0 } } },
};

/**
 * Kubernetes' probes of the API (@nestjs/terminus): `GET /health/live` and `GET /health/ready`.
 * A failed readiness answers the API's one error shape (`NOT_READY`, 503) naming each check.
 * `GET /health` (HealthController) stays as it was.
 */
@ApiTags('health')
@Controller('health')
export class HealthProbesController {
  constructor(private readonly checks: ReadinessChecks) {}

  @Get('live')
  @ApiRoute({ summary: 'Liveness: the process answers (checks nothing else, so that an outage of MongoDB or Redis never gets API pods restarted)', errors: [] })
  @ApiOkResponse({ schema: { example: { status: 'ok', info: {}, error: {}, details: {} } } })
  live(): Promise<HealthCheckResult> {
    return this.checks.live();
  }

  @Get('ready')
  @ApiRoute({
    summary: 'Readiness: MongoDB and Redis answer within 2 s; outside providers as details',
    errors: ['NOT_READY'],
    description:
      "200 with terminus' result (`status` `ok`, or `degraded` when some worker has a provider's circuit open: `details.providers` says which; an open circuit never makes the API unready, since no pod can fix a provider). NOT_READY (503) when MongoDB or Redis does not answer.",
  })
  @ApiOkResponse({ schema: { example: READY_EXAMPLE } })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.checks.ready();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as Partial<HealthCheckResult>;
      const checks = Object.entries(result.details ?? {}).map(([name, check]) => `${name} ${String(check.status)}${typeof check['message'] === 'string' ? ` (${check['message']})` : ''}`);
      throw new ApiError('NOT_READY', `not ready: ${checks.join(', ')}`);
    }
  }
}
