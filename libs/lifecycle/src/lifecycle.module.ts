import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ShutdownState } from './shutdown-state';

/**
 * Makes this process's one `ShutdownState` injectable everywhere (global): the worker's job
 * drain, the API's connection handling, and the readiness checks read it.
 */
@Global()
@Module({})
export class LifecycleModule {
  static forRoot(options: { readonly shutdownGraceMs: number }): DynamicModule {
    return {
      module: LifecycleModule,
      providers: [{ provide: ShutdownState, useValue: new ShutdownState(options.shutdownGraceMs) }],
      exports: [ShutdownState],
    };
  }
}
