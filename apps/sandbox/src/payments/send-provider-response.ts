import type { Response } from 'express';
import type { IdempotentResult } from './idempotent-request.runner';

/**
 * Writes an idempotent result: its saved status and body, the key echoed in `Idempotency-Key`,
 * and `Idempotent-Replayed: true` on a replay. A client that already hung up (the slow
 * `tok_timeout` answer) is skipped silently.
 */
export function sendProviderResponse(res: Response, result: IdempotentResult, idempotencyKey: string): void {
  if (res.destroyed || res.writableEnded) return;
  res.status(result.response.status);
  res.setHeader('Idempotency-Key', idempotencyKey);
  if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.json(result.response.body);
}
