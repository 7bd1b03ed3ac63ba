import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { ApiConfig } from '@app/config';
import { QUEUE } from '@app/contracts';
import { DalModule } from '@app/dal';
import { ObservabilityModule } from '@app/observability';
import { LifecycleModule } from '@app/lifecycle';
import { QueueModule } from '@app/queue';
import { ConsoleEventsModule, SagaGaugesModule, SagaHealthModule } from '@app/saga';
import { API_CONFIG } from './api-config.token';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { ApiValidationPipe } from './http/validation.pipe';
import { OrdersController } from './orders/orders.controller';
import { PlaceOrder } from './orders/place-order/place-order.use-case';
import { CancelOrder } from './orders/cancel-order/cancel-order.use-case';
import { AdminAuthGuard } from './admin/admin-auth.guard';
import { AdminAuthenticator } from './admin/session/admin-authenticator.service';
import { AdminSessionController } from './admin/session/admin-session.controller';
import { SignIn } from './admin/session/sign-in.use-case';
import { StockChanges } from './admin/stock-changes.use-case';
import { RedisWindowCounter } from './http/redis-window-counter';
import { AdminInventoryController } from './admin/admin-inventory.controller';
import { AdminOrdersController } from './admin/admin-orders.controller';
import { AdminMetricsController } from './admin/admin-metrics.controller';
import { AdminMaintenanceController } from './admin/maintenance/admin-maintenance.controller';
import { RetryOrder } from './admin/retry-order.use-case';
import { AdminEventsController } from './admin/live/admin-events.controller';
import { ConsoleEventsHub } from './admin/live/console-events.hub';
import { ReadOverview } from './admin/overview/read-overview.use-case';
import { AdminWorkersController } from './admin/workers/admin-workers.controller';
import { ReadWorkers } from './admin/workers/read-workers.use-case';
import { AdminLocksController } from './admin/locks/admin-locks.controller';
import { ReadBusySkus } from './admin/locks/read-busy-skus.use-case';
import { ReadLiveLocks } from './admin/locks/read-live-locks.use-case';
import { ReadSkuHolds } from './admin/locks/read-sku-holds.use-case';
import { AdminTrendsController } from './admin/trends/admin-trends.controller';
import { ReadTrends } from './admin/trends/read-trends.use-case';
import { SagaQueues } from './admin/saga-queues';
import { AdminBulkController } from './admin/bulk/admin-bulk.controller';
import { BulkRunner } from './admin/bulk/bulk-runner.service';
import { StartBulkAction } from './admin/bulk/start-bulk-action.use-case';
import { OperatorActions } from './admin/audit/operator-actions.use-case';
import { AdminAuditController } from './admin/audit/admin-audit.controller';
import { HealthController } from './health/health.controller';
import { HealthProbesController } from './health/health-probes.controller';
import { MetricsController } from './metrics/metrics.controller';
import { requestIdOf } from './http/request-id';
import { OrderAccessGuard } from './orders/order-access/order-access.guard';
import { OrderAccessTokens } from './orders/order-access/order-access-tokens';
import { OrderRateLimitGuard } from './orders/rate-limit/order-rate-limit.guard';

@Module({})
export class OrderApiModule {
  static forConfig(config: ApiConfig): DynamicModule {
    return {
      module: OrderApiModule,
      imports: [
        LifecycleModule.forRoot(config),
        DalModule.forRoot({ ...config, operationTimeoutMs: config.dbTimeoutMs }),
        QueueModule.forRoot({ redisUrl: config.redisUrl, redisClusterNodes: config.redisClusterNodes, prefix: config.queuePrefix, maxAttempts: config.maxAttempts, retryDelayMs: config.retryDelayMs, failedJobRetentionDays: config.retention.failedJobDays }),
        ConsoleEventsModule.forRoot({ redisUrl: config.redisUrl, redisClusterNodes: config.redisClusterNodes, queuePrefix: config.queuePrefix }),
        // Every log line of a request carries its X-Request-Id as `requestId`.
        ObservabilityModule.forRoot({ app: 'order-api', logLevel: config.logLevel, logFormat: config.logFormat, requestId: (request, response) => requestIdOf(request as Request, response as Response) }),
        SagaHealthModule,
        // The API reports the cluster's gauges: every queue's depth, the sagas in flight and their oldest age.
        SagaGaugesModule.forProcess({ queues: Object.values(QUEUE), sagas: true }),
      ],
      controllers: [OrdersController, AdminSessionController, AdminInventoryController, AdminOrdersController, AdminMetricsController, AdminMaintenanceController, AdminEventsController, AdminBulkController, AdminAuditController, AdminWorkersController, AdminLocksController, AdminTrendsController, HealthController, HealthProbesController, MetricsController],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useClass: ApiValidationPipe },
        AdminAuthGuard,
        AdminAuthenticator,
        SignIn,
        RedisWindowCounter,
        StockChanges,
        OrderAccessTokens,
        OrderAccessGuard,
        OrderRateLimitGuard,
        PlaceOrder,
        CancelOrder,
        RetryOrder,
        ReadOverview,
        ReadWorkers,
        ReadLiveLocks,
        ReadBusySkus,
        ReadSkuHolds,
        ReadTrends,
        SagaQueues,
        ConsoleEventsHub,
        OperatorActions,
        BulkRunner,
        StartBulkAction,
      ],
    };
  }
}
