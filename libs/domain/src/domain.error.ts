/**
 * The one error base class: a stable string `code`, a message, and an optional `cause`.
 * Metadata must never hold secrets (tokens, card data); HTTP and worker code map errors by `code`.
 */
import type { OrderReason } from '@app/contracts';

export abstract class AppError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A saga transition that the definition does not allow (a programming or data error). */
export class InvalidTransitionError extends AppError {
  readonly code = 'INVALID_TRANSITION';
}

/**
 * A final business failure of a step (out of stock, unknown SKU, declined card): never retried,
 * the saga goes to compensation with `reason`. `nothingToUndo`: the step has proved, from the
 * database, that it left nothing behind for its own compensation to undo (a reserve rejected
 * before anything was held, its ledger records saying so), so that compensation is skipped.
 */
export class StepRejectedError extends AppError {
  readonly code = 'STEP_REJECTED';
  readonly nothingToUndo: boolean;

  constructor(readonly reason: OrderReason, message: string, options?: { cause?: unknown; nothingToUndo?: boolean }) {
    super(message, options);
    this.nothingToUndo = options?.nothingToUndo ?? false;
  }
}

/**
 * An item lock is held by someone else: a normal outcome. The job is re-queued with a delay
 * and the worker goes on with other work. `sku`: the item's SKU when the lock is a stock item's
 * (counted per SKU for the console's busy SKUs).
 */
export class LockBusyError extends AppError {
  readonly code = 'LOCK_BUSY';

  constructor(
    readonly resource: string,
    readonly sku?: string,
  ) {
    super(`lock on ${resource} is held by another worker`);
  }
}

/** The order's cancel request won the race against the pivot: the step must not run. */
export class CancelRequestedError extends AppError {
  readonly code = 'CANCEL_REQUESTED';
}

/**
 * An outside provider (payment, mail) gave no definite answer or is down: a timeout, a network
 * error, 409 in progress, 429, 5xx, or its circuit breaker is open. Transient by definition: the
 * step is retried with backoff for RETRY_WINDOW_MS without using up an attempt, and the request
 * is repeated with the same idempotency key. `retryAfterMs` is the soonest a retry makes sense
 * (an open circuit's remaining time, a Retry-After), when known.
 */
export class ProviderUnavailableError extends AppError {
  readonly code = 'PROVIDER_UNAVAILABLE';
  readonly retryAfterMs: number | undefined;
  /** What kind of failure it was (a bounded set: the `kind` label of `saga_provider_errors_total`). */
  readonly kind: ProviderErrorKind;

  constructor(
    readonly provider: string,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number; kind?: ProviderErrorKind },
  ) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
    this.kind = options?.kind ?? PROVIDER_ERROR_KIND.UNAVAILABLE;
  }
}

/** Kinds of a provider's transient failure. */
export const PROVIDER_ERROR_KIND = {
  /** This process's circuit is open (or half-open with its trial out): not called. */
  CIRCUIT_OPEN: 'circuit_open',
  /** No answer in time. */
  TIMEOUT: 'timeout',
  /** The connection failed (refused, reset, DNS). */
  NETWORK: 'network',
  /** A 5xx answer. */
  SERVER_ERROR: 'server_error',
  /** A 429 answer. */
  RATE_LIMITED: 'rate_limited',
  /** A 409: the same idempotency key is still being processed. */
  IN_PROGRESS: 'in_progress',
  /** A success status with a body that is not what was asked for. */
  BAD_ANSWER: 'bad_answer',
  /** Anything else transient (e.g. an SMTP 4xx). */
  UNAVAILABLE: 'unavailable',
} as const;
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KIND)[keyof typeof PROVIDER_ERROR_KIND];

/**
 * The database did not answer (network error, timeout, no server to select): not a failure of
 * the step. The job waits in the delayed set without using up an attempt while the worker stops
 * taking jobs until the database answers again; nothing about the order is decided meanwhile.
 */
export class DatabaseUnavailableError extends AppError {
  readonly code = 'DATABASE_UNAVAILABLE';
}
