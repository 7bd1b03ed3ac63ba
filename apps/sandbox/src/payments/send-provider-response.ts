import type { Response } from 'express';
import type { IdempotentResult } from './idempotent-request.runner';

/**
 * Writes a provider result: its status and body, the key (if any) echoed in `Idempotency-Key`,
 * and `Idempotent-Replayed: true` on a replay. A client that already hung up (a slow
 * `tok_timeout` or `tok_late` answer) is skipped silently.
 */
export function sendProviderResponse(res: Response, result: IdempotentResult, idempotencyKey: string | undefined): void {
  if (res.destroyed || res.writableEnded) return;
  res.status(result.response.status);
  if (idempotencyKey !== undefined) res.setHeader('Idempotency-Key', idempotencyKey);
  if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.json(result.response.body);
}
