import { SANDBOX_ERROR_CODES, SandboxError } from '../common/sandbox.error';

/**
 * The test card tokens the sandbox provider understands, given as
 * `payment_method_data[card][token]` (like Stripe's test tokens):
 *  - `tok_visa`    authorizes (`requires_capture` with manual capture, `succeeded` with automatic);
 *  - `tok_decline` 402 `card_error` `card_declined` / `generic_decline`, with the PaymentIntent
 *                  (`requires_payment_method`, `last_payment_error`) and the failed charge; saved;
 *  - `tok_flaky`   503 `api_error` the first `FLAKY_FAILURES` times per idempotency key (without a
 *                  key: per identical request), then as `tok_visa`; the 503s are not saved;
 *  - `tok_timeout` authorizes and is saved at once, but the answer is held back `slowResponseMs`;
 *  - `tok_late`    claims the key (replays get 409), waits `slowResponseMs`, and only then
 *                  authorizes, saves and answers: the authorization that commits after the
 *                  client has given up. Dropped without committing if the sandbox shuts down.
 * Any other token is a 400 `resource_missing`, `param: 'payment_method_data[card][token]'`
 * (not saved).
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

export const TOKEN_PARAM = 'payment_method_data[card][token]';

const KNOWN: ReadonlySet<string> = new Set(Object.values(TEST_TOKENS));

export function parseTestToken(token: string): TestToken {
  if (KNOWN.has(token)) return token as TestToken;
  throw SandboxError.invalidRequest(
    SANDBOX_ERROR_CODES.resourceMissing,
    `No such token: '${token.slice(0, 64)}'. The sandbox knows ${[...KNOWN].join(', ')}.`,
    TOKEN_PARAM,
  );
}
