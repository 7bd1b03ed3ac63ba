/**
 * class-validator's errors as `FieldError`s: one entry per wrong field, path in JavaScript
 * notation, message = the field's `@FieldRule` (else its first failed constraint). An unknown
 * field names its own path. `nestedValidation` complaints are dropped: every nested DTO property
 * also checks its shape (`IsObject`/`IsArray`), whose rule says it better.
 */
import type { ValidationError } from '@nestjs/common';
import type { FieldError } from './error-response.schema';
import { fieldPath } from './field-path';
import { fieldRuleOf } from './field-rule.decorator';

const UNKNOWN_FIELD = 'is not a known field';

export function toFieldErrors(errors: readonly ValidationError[]): FieldError[] {
  const byPath = new Map<string, string>();
  collect(errors, '', byPath);
  return [...byPath].map(([path, message]) => ({ path, message }));
}

function collect(errors: readonly ValidationError[], parent: string, byPath: Map<string, string>): void {
  for (const error of errors) {
    const path = fieldPath(parent, error.property);
    const message = messageOf(error);
    if (message !== undefined && !byPath.has(path)) byPath.set(path, message);
    collect(error.children ?? [], path, byPath);
  }
}

function messageOf(error: ValidationError): string | undefined {
  const constraints = error.constraints ?? {};
  const failed = Object.keys(constraints).filter((name) => name !== 'nestedValidation');
  if (failed.length === 0) return undefined;
  if (failed.includes('whitelistValidation')) return UNKNOWN_FIELD;
  return fieldRuleOf(error.target, error.property) ?? constraints[failed[0] ?? ''];
}
