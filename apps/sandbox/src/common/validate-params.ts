import { validateSync, type ValidationError } from 'class-validator';
import { SANDBOX_ERROR_CODES, SandboxError } from './sandbox.error';

/**
 * Validates a parsed JSON body against a class-validator DTO, Stripe style.
 *
 * Returns a DTO instance holding exactly the body's keys, or throws a 400 `SandboxError`
 * (`invalid_request_error`) naming the first offending parameter in `param`:
 * `parameter_missing`, `parameter_unknown` ("Received unknown parameter") or `parameter_invalid`.
 * Keys are copied with `defineProperty`; `__proto__`, `constructor` and the like are unknown
 * parameters, never a prototype change.
 */
export function validateParams<T extends object>(Dto: new () => T, body: unknown): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw SandboxError.invalidRequest(
      SANDBOX_ERROR_CODES.bodyInvalid,
      'The request body must be a JSON object (Content-Type: application/json).',
    );
  }
  const dto = new Dto();
  for (const [key, value] of Object.entries(body)) {
    // class-validator's whitelist check misses names that live on Object.prototype.
    if (key in Object.prototype) throw unknownParameter(key);
    Object.defineProperty(dto, key, { value, enumerable: true, writable: true, configurable: true });
  }
  const [first] = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (first !== undefined) throw toSandboxError(first);
  return dto;
}

function toSandboxError(error: ValidationError): SandboxError {
  const param = error.property;
  const constraints = error.constraints ?? {};
  if ('whitelistValidation' in constraints) return unknownParameter(param);
  if (error.value === undefined) {
    return SandboxError.invalidRequest(SANDBOX_ERROR_CODES.parameterMissing, `Missing required param: ${param}.`, param);
  }
  const message = Object.values(constraints)[0] ?? `Invalid ${param}.`;
  return SandboxError.invalidRequest(SANDBOX_ERROR_CODES.parameterInvalid, message, param);
}

function unknownParameter(param: string): SandboxError {
  return SandboxError.invalidRequest(SANDBOX_ERROR_CODES.parameterUnknown, `Received unknown parameter: ${param}`, param);
}
