import { Injectable, type OnModuleDestroy } from '@nestjs/common';

/**
 * Holds answers back on purpose (the provider's slow `tok_timeout` answer, the `tok_late`
 * commit).
 *
 * `wait(ms)` resolves `true` after `ms`, or `false` at once when the module shuts down, so a
 * pending slow answer never keeps the process or a test alive past `close()` and a caller can
 * tell that it must not act any more (a `tok_late` authorization is then dropped, not made).
 */
@Injectable()
export class ResponseDelayer implements OnModuleDestroy {
  private readonly pending = new Map<NodeJS.Timeout, (elapsed: boolean) => void>();
  private destroyed = false;

  wait(ms: number): Promise<boolean> {
    if (this.destroyed) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve(true);
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  onModuleDestroy(): void {
    this.destroyed = true;
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve(false);
    }
    this.pending.clear();
  }
}
