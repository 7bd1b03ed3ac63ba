import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { SandboxConfig } from '@app/config';
import { HealthController } from './common/health.controller';
import { SANDBOX_CONFIG } from './common/sandbox-config.token';
import { SandboxExceptionFilter } from './common/sandbox-exception.filter';
import { MailModule } from './mail/mail.module';
import { PaymentsModule } from './payments/payments.module';

/** Root of the sandbox app; `register(config)` makes the config injectable everywhere. */
@Module({})
export class SandboxModule {
  static register(config: SandboxConfig): DynamicModule {
    return {
      module: SandboxModule,
      global: true,
      imports: [PaymentsModule, MailModule],
      controllers: [HealthController],
      providers: [
        { provide: SANDBOX_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: SandboxExceptionFilter },
      ],
      exports: [SANDBOX_CONFIG],
    };
  }
}
