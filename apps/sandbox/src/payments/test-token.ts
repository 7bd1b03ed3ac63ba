import { SANDBOX_ERROR_CODES, SandboxError } from '../common/sandbox.error';

/**
 * The test payment methods the sandbox provider understands, given as `payment_method` (as
 * Stripe's server-side test payment methods are: `pm_card_visa`, `pm_card_chargeDeclined`; the
 * `tok_*` names are the sandbox's own, for behaviours Stripe has no test card for):
 *  - `tok_visa`    authorizes (`requires_capture` with manual capture, `succeeded` with automatic);
 *  - `tok_decline` 402 `card_error` `card_declined` / `generic_decline`, with the PaymentIntent
 *                  (`requires_payment_method`, `last_payment_error`) and the failed charge; saved;
 *  - `tok_flaky`   503 `api_error` the first `FLAKY_FAILURES` times per idempotency key (without a
 *                  key: per identical request), then as `tok_visa`; the 503s are not saved;
 *  - `tok_timeout` authorizes and is saved at once, but the answer is held back `slowResponseMs`;
 *  - `tok_late`    claims the key (replays get 409), waits `slowResponseMs`, and only then
 *                  authorizes, saves and answers: the authorization that commits after the
 *                  client has given up. Dropped without committing if the sandbox shuts down.
 * `pm_card_visa` is `tok_visa` and `pm_card_chargeDeclined` is `tok_decline`, under Stripe's names.
 * Any other value is a 400 `resource_missing`, `param: 'payment_method'` (not saved).
 */
export const TEST_TOKENS = {
  visa: 'tok_visa',
  decline: 'tok_decline',
  flaky: 'tok_flaky',
  timeout: 'tok_timeout',
  late: 'tok_late',
} as const;
export type TestToken = (typeof TEST_TOKENS)[keyof typeof TEST_TOKENS];

/** How many 503s `tok_flaky` answers for one idempotency key before it succeeds. */
export const FLAKY_FAILURES = 2;

export const TOKEN_PARAM = 'payment_method';

/** Stripe's own test payment methods, as the sandbox's tokens. */
const STRIPE_TEST_PAYMENT_METHODS: Readonly<Record<string, TestToken>> = { pm_card_visa: TEST_TOKENS.visa, pm_card_chargeDeclined: TEST_TOKENS.decline };

const KNOWN: ReadonlySet<string> = new Set([...Object.values(TEST_TOKENS), ...Object.keys(STRIPE_TEST_PAYMENT_METHODS)]);

export function parseTestToken(token: string): TestToken {
  const alias = STRIPE_TEST_PAYMENT_METHODS[token];
  if (alias !== undefined) return alias;
  if (KNOWN.has(token)) return token as TestToken;
  throw SandboxError.invalidRequest(
    SANDBOX_ERROR_CODES.resourceMissing,
    `No such token: '${token.slice(0, 64)}'. The sandbox knows ${[...KNOWN].join(', ')}.`,
    TOKEN_PARAM,
  );
}
