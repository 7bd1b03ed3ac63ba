/**
 * The one error class of the sandbox. Every failure the sandbox answers on purpose is a
 * `SandboxError`; the exception filter renders it as a Stripe-like body:
 *
 *   { error: { type, code, message, param?, ...details } }
 *
 * `code` is stable and machine-readable; `details` carries extra Stripe fields (e.g.
 * `decline_code`, `charge`, or a whole object such as `payment_intent`). Nothing secret (API keys, card tokens beyond their public name)
 * goes into a message or the details.
 */
export const SANDBOX_ERROR_TYPES = {
  invalidRequest: 'invalid_request_error',
  idempotency: 'idempotency_error',
  card: 'card_error',
  api: 'api_error',
} as const;
export type SandboxErrorType = (typeof SANDBOX_ERROR_TYPES)[keyof typeof SANDBOX_ERROR_TYPES];

export const SANDBOX_ERROR_CODES = {
  unauthorized: 'api_key_invalid',
  parameterMissing: 'parameter_missing',
  parameterInvalid: 'parameter_invalid',
  parameterUnknown: 'parameter_unknown',
  bodyInvalid: 'body_invalid',
  resourceMissing: 'resource_missing',
  idempotencyKeyReused: 'idempotency_key_reused',
  idempotencyKeyInUse: 'idempotency_key_in_use',
  cardDeclined: 'card_declined',
  paymentIntentUnexpectedState: 'payment_intent_unexpected_state',
  chargeNotRefundable: 'charge_not_refundable',
  chargeAlreadyRefunded: 'charge_already_refunded',
  amountTooLarge: 'amount_too_large',
  serviceUnavailable: 'service_unavailable',
  internal: 'internal_error',
} as const;
export type SandboxErrorCode = (typeof SANDBOX_ERROR_CODES)[keyof typeof SANDBOX_ERROR_CODES];

export interface SandboxErrorOptions {
  readonly status: number;
  readonly type: SandboxErrorType;
  readonly code: SandboxErrorCode;
  readonly param?: string;
  /** Extra Stripe fields; must not reuse `type`, `code`, `message` or `param`. */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export interface SandboxErrorBody {
  readonly error: {
    readonly type: SandboxErrorType;
    readonly code: SandboxErrorCode;
    readonly message: string;
    readonly param?: string;
    readonly [detail: string]: unknown;
  };
}

export class SandboxError extends Error {
  readonly status: number;
  readonly type: SandboxErrorType;
  readonly code: SandboxErrorCode;
  readonly param: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, options: SandboxErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SandboxError';
    this.status = options.status;
    this.type = options.type;
    this.code = options.code;
    this.param = options.param;
    this.details = options.details ?? {};
  }

  static invalidRequest(code: SandboxErrorCode, message: string, param?: string, status = 400): SandboxError {
    return new SandboxError(message, { status, type: SANDBOX_ERROR_TYPES.invalidRequest, code, param });
  }

  toBody(): SandboxErrorBody {
    const param = this.param === undefined ? {} : { param: this.param };
    return { error: { type: this.type, code: this.code, message: this.message, ...param, ...this.details } };
  }
}
