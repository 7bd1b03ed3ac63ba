import { SANDBOX_ERROR_CODES, SandboxError } from './sandbox.error';

/** A query filter: absent -> undefined; one value -> that string; repeated or nested -> 400. */
export function optionalQueryString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  throw SandboxError.invalidRequest(SANDBOX_ERROR_CODES.parameterInvalid, `Invalid ${name}: give it at most once, as a string.`, name);
}
