import { ApiError } from './api.error';
import type { FieldError } from './error-response.schema';

const LISTED = 3;

/** Bad input, with one entry per wrong field; its message lists the first few. */
export class RequestValidationError extends ApiError {
  readonly fields: readonly FieldError[];

  constructor(fields: readonly FieldError[]) {
    const listed = fields.slice(0, LISTED).map((field) => `${field.path} ${field.message}`);
    const more = fields.length > LISTED ? ` (and ${fields.length - LISTED} more)` : '';
    super('VALIDATION_FAILED', `Invalid request: ${listed.join('; ')}${more}.`);
    this.fields = fields;
  }
}
