/**
 * The subset of Stripe's API the product relies on, as data: response objects (field names,
 * types, nullability, enums) and request parameters per endpoint. Specs check the sandbox's
 * real answers against it, and the product's adapter spec checks the form bodies it sends
 * (`assertStripeShape`, `assertStripeParams` in `stripe-subset.check.ts`).
 *
 * Checked against Stripe's published OpenAPI document, github.com/stripe/openapi
 * `openapi/spec3.yaml` at commit 63a674638635c68de26b9f3add13e58198f4df44 (2023-09-12,
 * `info.version` 2023-08-16: the newest copy of the full spec available to us; the field names
 * below are also all present in `openapi/fixtures3.json` at f6c2a48f, 2026-08-21).
 * Where the subset is narrower than Stripe (enums the product never sends or receives), the
 * wider Stripe set is named in `stripeAlso`. The card is given as `payment_method` (a
 * PaymentMethod id: what Stripe.js hands a checkout, or Stripe's test `pm_card_visa`), never as
 * raw card data. Not in that OpenAPI document: the `pi_` / `ch_` / `pm_` / `re_` id prefixes
 * (Stripe's convention, not its schema).
 */
export type FieldSchema =
  | { readonly type: 'string'; readonly nullable?: boolean; readonly enum?: readonly string[]; readonly stripeAlso?: readonly string[]; readonly idPrefix?: string; readonly maxLength?: number }
  | { readonly type: 'integer'; readonly nullable?: boolean; readonly unixTime?: boolean }
  | { readonly type: 'boolean'; readonly const?: boolean }
  | { readonly type: 'string_map'; readonly maxValueLength?: number }
  | { readonly type: 'string_array'; readonly const?: readonly string[] }
  | { readonly type: 'object'; readonly ref: StripeObjectName; readonly nullable?: boolean }
  | { readonly type: 'array'; readonly items: StripeObjectName };

export type StripeObjectName = 'payment_intent' | 'api_errors' | 'error' | 'refund' | 'payment_intent_search_result';

export interface ObjectSchema {
  /** Fields that must be present (Stripe always sends its non-expandable fields, null when empty). */
  readonly required: readonly string[];
  readonly properties: Readonly<Record<string, FieldSchema>>;
}

export const PAYMENT_INTENT_STATUSES = [
  'requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'canceled', 'succeeded',
] as const;
export const CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned', 'automatic'] as const;
export const USER_CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;
export const ERROR_TYPES = ['api_error', 'card_error', 'idempotency_error', 'invalid_request_error'] as const;

const PAYMENT_INTENT: ObjectSchema = {
  required: [
    'id', 'object', 'amount', 'amount_capturable', 'amount_received', 'currency', 'capture_method', 'confirmation_method', 'status',
    'metadata', 'description', 'latest_charge', 'payment_method', 'created', 'canceled_at', 'cancellation_reason', 'last_payment_error', 'livemode',
  ],
  properties: {
    id: { type: 'string', idPrefix: 'pi_', maxLength: 5000 },
    object: { type: 'string', enum: ['payment_intent'] },
    amount: { type: 'integer' },
    amount_capturable: { type: 'integer' },
    amount_received: { type: 'integer' },
    currency: { type: 'string' },
    capture_method: { type: 'string', enum: ['automatic', 'manual'], stripeAlso: ['automatic_async'] },
    confirmation_method: { type: 'string', enum: ['automatic'], stripeAlso: ['manual'] },
    status: { type: 'string', enum: PAYMENT_INTENT_STATUSES },
    metadata: { type: 'string_map', maxValueLength: 500 },
    description: { type: 'string', nullable: true, maxLength: 5000 },
    latest_charge: { type: 'string', nullable: true, idPrefix: 'ch_' },
    payment_method: { type: 'string', nullable: true, idPrefix: 'pm_' },
    payment_method_types: { type: 'string_array' },
    created: { type: 'integer', unixTime: true },
    canceled_at: { type: 'integer', nullable: true, unixTime: true },
    cancellation_reason: { type: 'string', nullable: true, enum: CANCELLATION_REASONS, stripeAlso: ['failed_invoice', 'void_invoice'] },
    last_payment_error: { type: 'object', ref: 'api_errors', nullable: true },
    livemode: { type: 'boolean' },
  },
};

/** Stripe's `api_errors` (the `error` of an error body, and `last_payment_error`). Only `type` is required. */
const API_ERRORS: ObjectSchema = {
  required: ['type'],
  properties: {
    type: { type: 'string', enum: ERROR_TYPES },
    code: { type: 'string', maxLength: 5000 },
    message: { type: 'string', maxLength: 40000 },
    param: { type: 'string', maxLength: 5000 },
    decline_code: { type: 'string', maxLength: 5000 },
    charge: { type: 'string', maxLength: 5000, idPrefix: 'ch_' },
    payment_intent: { type: 'object', ref: 'payment_intent' },
  },
};

export const STRIPE_OBJECTS = {
  payment_intent: PAYMENT_INTENT,
  api_errors: API_ERRORS,
  error: { required: ['error'], properties: { error: { type: 'object', ref: 'api_errors' } } },
  refund: {
    required: ['id', 'object', 'amount', 'currency', 'payment_intent', 'charge', 'status', 'created'],
    properties: {
      id: { type: 'string', idPrefix: 're_' },
      object: { type: 'string', enum: ['refund'] },
      amount: { type: 'integer' },
      currency: { type: 'string' },
      payment_intent: { type: 'string', nullable: true, idPrefix: 'pi_' },
      charge: { type: 'string', nullable: true, idPrefix: 'ch_' },
      status: { type: 'string', nullable: true, enum: ['succeeded'], stripeAlso: ['pending', 'failed', 'requires_action', 'canceled'] },
      created: { type: 'integer', unixTime: true },
    },
  },
  payment_intent_search_result: {
    required: ['object', 'data', 'has_more', 'url'],
    properties: {
      object: { type: 'string', enum: ['search_result'] },
      data: { type: 'array', items: 'payment_intent' },
      has_more: { type: 'boolean' },
      next_page: { type: 'string', nullable: true },
      url: { type: 'string', maxLength: 5000 },
    },
  },
} as const satisfies Readonly<Record<StripeObjectName, ObjectSchema>>;

/**
 * A request parameter, by its bracketed form name; `*` stands for any one key
 * (`metadata[*]`). Form values are strings: `integer` means a string of digits, `boolean`
 * means `true` / `false`.
 */
export interface ParamSchema {
  readonly type: 'string' | 'integer' | 'boolean';
  readonly required?: boolean;
  readonly enum?: readonly string[];
  readonly stripeAlso?: readonly string[];
  readonly maxLength?: number;
  readonly notInOpenApi?: string;
}

export const STRIPE_ENDPOINTS = {
  'POST /v1/payment_intents': {
    amount: { type: 'integer', required: true },
    currency: { type: 'string', required: true },
    capture_method: { type: 'string', enum: ['automatic', 'manual'], stripeAlso: ['automatic_async'] },
    confirm: { type: 'boolean' },
    payment_method: { type: 'string', maxLength: 5000 },
    'metadata[*]': { type: 'string', maxLength: 500 },
    description: { type: 'string', maxLength: 1000 },
  },
  'POST /v1/payment_intents/{intent}/capture': {
    amount_to_capture: { type: 'integer' },
  },
  'POST /v1/payment_intents/{intent}/cancel': {
    cancellation_reason: { type: 'string', enum: USER_CANCELLATION_REASONS, maxLength: 5000 },
  },
  'GET /v1/payment_intents/search': {
    query: { type: 'string', required: true, maxLength: 5000 },
    limit: { type: 'integer' },
  },
  'POST /v1/refunds': {
    payment_intent: { type: 'string', maxLength: 5000 },
    charge: { type: 'string', maxLength: 5000 },
    amount: { type: 'integer' },
  },
} as const satisfies Readonly<Record<string, Readonly<Record<string, ParamSchema>>>>;
export type StripeEndpoint = keyof typeof STRIPE_ENDPOINTS;
