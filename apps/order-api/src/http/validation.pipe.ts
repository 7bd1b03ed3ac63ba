/**
 * Request validation: class-validator DTOs with unknown fields forbidden and no type coercion;
 * every problem is a `RequestValidationError` (VALIDATION_FAILED) with one entry per wrong field
 * (see `validation-errors.ts`). Before that, a body must be a JSON object, and keys that could
 * smuggle query operators or strings that are not well-formed Unicode are refused outright
 * (`unsafe-input.ts`).
 */
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { RequestValidationError } from './request-validation.error';
import { findMalformedStrings, findOperatorKeys } from './unsafe-input';
import { toFieldErrors } from './validation-errors';

export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: true, value: false },
      exceptionFactory: (errors) => new RequestValidationError(toFieldErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new RequestValidationError([{ path: 'body', message: 'must be a JSON object (Content-Type: application/json)' }]);
      }
      const operatorKeys = findOperatorKeys(value);
      if (operatorKeys.length > 0) throw new RequestValidationError(operatorKeys);
      const malformed = findMalformedStrings(value);
      if (malformed.length > 0) throw new RequestValidationError(malformed);
    }
    return super.transform(value, metadata);
  }
}
