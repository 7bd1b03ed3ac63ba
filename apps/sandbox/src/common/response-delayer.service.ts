import { Injectable, type OnModuleDestroy } from '@nestjs/common';

/**
 * Holds answers back on purpose (the provider's slow `tok_timeout` response).
 *
 * `wait(ms)` resolves after `ms`, or at once when the module shuts down, so a pending slow
 * answer never keeps the process or a test alive past `close()`.
 */
@Injectable()
export class ResponseDelayer implements OnModuleDestroy {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  onModuleDestroy(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}
