import { SANDBOX_ERROR_CODES, SandboxError } from '../common/sandbox.error';

const HEADER = 'Idempotency-Key';
const MAX_LENGTH = 255;

/**
 * The `Idempotency-Key` header value. Optional, as at Stripe: absent or empty -> `undefined`
 * (the request runs without idempotency); longer than 255 characters -> 400.
 */
export function optionalIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_LENGTH) {
    throw SandboxError.invalidRequest(
      SANDBOX_ERROR_CODES.parameterInvalid,
      `The ${HEADER} header must be at most ${MAX_LENGTH} characters long.`,
      HEADER,
    );
  }
  return value;
}
