import { SANDBOX_ERROR_CODES, SandboxError } from '../common/sandbox.error';

/**
 * The test card tokens the sandbox provider understands (like Stripe's test cards):
 *  - `tok_visa`    succeeds;
 *  - `tok_decline` 402 `card_declined` / `generic_decline`, a failed charge in the ledger, saved;
 *  - `tok_flaky`   503 `api_error` the first `FLAKY_FAILURES` times per idempotency key, then succeeds;
 *  - `tok_timeout` succeeds and is saved at once, but the answer is held back `slowResponseMs`.
 * Any other token is a 400 `invalid_request_error` with `param: 'source'` (not saved).
 */
export const TEST_TOKENS = {
  visa: 'tok_visa',
  decline: 'tok_decline',
  flaky: 'tok_flaky',
  timeout: 'tok_timeout',
} as const;
export type TestToken = (typeof TEST_TOKENS)[keyof typeof TEST_TOKENS];

/** How many 503s `tok_flaky` answers for one idempotency key before it succeeds. */
export const FLAKY_FAILURES = 2;

const KNOWN: ReadonlySet<string> = new Set(Object.values(TEST_TOKENS));

export function parseTestToken(source: string): TestToken {
  if (KNOWN.has(source)) return source as TestToken;
  throw SandboxError.invalidRequest(
    SANDBOX_ERROR_CODES.resourceMissing,
    `No such token: '${source.slice(0, 64)}'. Use one of ${[...KNOWN].join(', ')}.`,
    'source',
  );
}
