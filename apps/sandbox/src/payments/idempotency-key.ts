import { SANDBOX_ERROR_CODES, SandboxError } from '../common/sandbox.error';

const HEADER = 'Idempotency-Key';
const MAX_LENGTH = 255;

/** The `Idempotency-Key` header value; required on every POST here, 1-255 characters, else 400. */
export function requireIdempotencyKey(value: string | undefined): string {
  if (value === undefined || value === '') {
    throw SandboxError.invalidRequest(SANDBOX_ERROR_CODES.parameterMissing, `The ${HEADER} header is required.`, HEADER);
  }
  if (value.length > MAX_LENGTH) {
    throw SandboxError.invalidRequest(
      SANDBOX_ERROR_CODES.parameterInvalid,
      `The ${HEADER} header must be at most ${MAX_LENGTH} characters long.`,
      HEADER,
    );
  }
  return value;
}
