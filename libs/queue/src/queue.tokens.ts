export const QUEUE_OPTIONS = Symbol('QUEUE_OPTIONS');

export interface QueueOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
}
