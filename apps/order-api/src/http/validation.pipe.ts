/**
 * Request validation: class-validator DTOs with unknown fields forbidden, no type coercion, and
 * every problem reported per field (`items.0.quantity`). Before that, any object key that starts
 * with `$` or contains `.` is rejected outright, so query operators can never reach MongoDB
 * through a request body; so is any string that is not well-formed Unicode (an unpaired UTF-16
 * surrogate is valid JSON, but cannot be stored as UTF-8 without changing it).
 */
import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { RequestValidationError, type FieldError } from './api.errors';

export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix === '' ? error.property : `${prefix}.${error.property}`;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function findOperatorKeys(value: unknown, path = ''): FieldError[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => findOperatorKeys(item, path === '' ? String(index) : `${path}.${index}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
    const field = path === '' ? key : `${path}.${key}`;
    if (key.startsWith('$') || key.includes('.') || FORBIDDEN_KEYS.has(key)) return [{ field, messages: [`field name "${key}" is not allowed (no "$" prefix, no ".", no prototype keys)`] }];
    return findOperatorKeys(child, field);
  });
}

/** Matches only unpaired surrogates: with the `u` flag a well-formed pair is one code point. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export function findMalformedStrings(value: unknown, path = ''): FieldError[] {
  const here = path === '' ? 'body' : path;
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? [{ field: here, messages: [`${here} must be well-formed Unicode (it holds an unpaired UTF-16 surrogate)`] }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => findMalformedStrings(item, path === '' ? String(index) : `${path}.${index}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => findMalformedStrings(child, path === '' ? key : `${path}.${key}`));
}

export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new RequestValidationError([{ field: 'body', messages: ['the body must be a JSON object (Content-Type: application/json)'] }]);
      }
      const operatorKeys = findOperatorKeys(value);
      if (operatorKeys.length > 0) throw new RequestValidationError(operatorKeys);
      const malformed = findMalformedStrings(value);
      if (malformed.length > 0) throw new RequestValidationError(malformed);
    }
    return super.transform(value, metadata);
  }
}
