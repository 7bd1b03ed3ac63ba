import { Controller, Get } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult } from '@nestjs/terminus';
import { ReadinessChecks } from './readiness-checks.service';

/**
 * A worker's probes, on its METRICS_PORT: `GET /health/live` (the process answers) and
 * `GET /health/ready` (MongoDB and Redis answer, its queue is being consumed; an open provider
 * circuit shows in the details as `degraded`). 200 when ready, 503 with terminus' body when not.
 */
@Controller('health')
export class WorkerHealthController {
  constructor(private readonly checks: ReadinessChecks) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.checks.live();
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.checks.ready();
  }
}
