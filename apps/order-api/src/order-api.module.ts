import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { ApiConfig } from '@app/config';
import { DalModule } from '@app/dal';
import { LifecycleModule } from '@app/lifecycle';
import { QueueModule } from '@app/queue';
import { API_CONFIG } from './api-config.token';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { ApiValidationPipe } from './http/validation.pipe';
import { OrdersController } from './orders/orders.controller';
import { PlaceOrder } from './orders/place-order/place-order.use-case';
import { CancelOrder } from './orders/cancel-order/cancel-order.use-case';
import { AdminTokenGuard } from './admin/admin-token.guard';
import { AdminInventoryController } from './admin/admin-inventory.controller';
import { AdminOrdersController } from './admin/admin-orders.controller';
import { AdminMetricsController } from './admin/admin-metrics.controller';
import { RetryOrder } from './admin/retry-order.use-case';
import { HealthController } from './health/health.controller';
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
        QueueModule.forRoot({ redisUrl: config.redisUrl, prefix: config.queuePrefix, maxAttempts: config.maxAttempts, retryDelayMs: config.retryDelayMs }),
      ],
      controllers: [OrdersController, AdminInventoryController, AdminOrdersController, AdminMetricsController, HealthController],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useClass: ApiValidationPipe },
        AdminTokenGuard,
        OrderAccessTokens,
        OrderAccessGuard,
        OrderRateLimitGuard,
        PlaceOrder,
        CancelOrder,
        RetryOrder,
      ],
    };
  }
}
