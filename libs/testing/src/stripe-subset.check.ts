import assert from 'node:assert/strict';
import { STRIPE_ENDPOINTS, STRIPE_OBJECTS, type FieldSchema, type ParamSchema, type StripeEndpoint, type StripeObjectName } from './stripe-subset.schema';

/**
 * Checks against the Stripe subset (`stripe-subset.schema.ts`):
 *  - `stripeShapeProblems(name, value)` lists every way `value` is not a Stripe `name` object of
 *    the subset (missing field, wrong type, value outside the enum, wrong id prefix), nested
 *    objects included; `assertStripeShape` fails a test with that list. Extra fields are allowed
 *    (Stripe sends many more).
 *  - `assertStripeParams(endpoint, formBody)` fails a test if a form body (or a query string
 *    for the search) uses a parameter outside the subset, misses a required one, or gives one a
 *    value of the wrong type, e.g. `assertStripeParams('POST /v1/payment_intents', body)` in the
 *    product's adapter spec.
 */
export function stripeShapeProblems(name: StripeObjectName, value: unknown, path: string = name): string[] {
  if (!isObject(value)) return [`${path}: expected an object`];
  const schema = STRIPE_OBJECTS[name];
  const problems: string[] = [];
  for (const field of schema.required) {
    if (!Object.hasOwn(value, field)) problems.push(`${path}.${field}: missing`);
  }
  for (const [field, fieldSchema] of Object.entries(schema.properties) as [string, FieldSchema][]) {
    if (Object.hasOwn(value, field)) problems.push(...fieldProblems(fieldSchema, value[field], `${path}.${field}`));
  }
  return problems;
}

export function assertStripeShape(name: StripeObjectName, value: unknown): void {
  const problems = stripeShapeProblems(name, value);
  assert.deepEqual(problems, [], `not a Stripe ${name}:\n  ${problems.join('\n  ')}`);
}

export function stripeParamProblems(endpoint: StripeEndpoint, formBody: string | URLSearchParams): string[] {
  const params: Readonly<Record<string, ParamSchema>> = STRIPE_ENDPOINTS[endpoint];
  const form = typeof formBody === 'string' ? new URLSearchParams(formBody) : formBody;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [name, value] of form) {
    const pattern = name.replace(/\[[^\]]*\]$/, '[*]');
    const schema = params[name] ?? (pattern.startsWith('metadata[') ? params[pattern] : undefined);
    if (schema === undefined) {
      problems.push(`${name}: not a parameter of ${endpoint} in the Stripe subset`);
      continue;
    }
    seen.add(params[name] === undefined ? pattern : name);
    problems.push(...paramValueProblems(schema, value, name));
  }
  for (const [name, schema] of Object.entries(params)) {
    if (schema.required === true && !seen.has(name)) problems.push(`${name}: required by ${endpoint}`);
  }
  return problems;
}

export function assertStripeParams(endpoint: StripeEndpoint, formBody: string | URLSearchParams): void {
  const problems = stripeParamProblems(endpoint, formBody);
  assert.deepEqual(problems, [], `not a ${endpoint} request of the Stripe subset:\n  ${problems.join('\n  ')}`);
}

function fieldProblems(schema: FieldSchema, value: unknown, path: string): string[] {
  if (value === null) return 'nullable' in schema && schema.nullable === true ? [] : [`${path}: must not be null`];
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') return [`${path}: expected a string, got ${typeof value}`];
      if (schema.enum !== undefined && !schema.enum.includes(value)) return [`${path}: "${value}" is not one of ${schema.enum.join(', ')}`];
      if (schema.idPrefix !== undefined && !value.startsWith(schema.idPrefix)) return [`${path}: "${value}" does not start with ${schema.idPrefix}`];
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return [`${path}: longer than ${schema.maxLength}`];
      return [];
    }
    case 'integer':
      if (!Number.isSafeInteger(value)) return [`${path}: expected an integer`];
      // unix seconds, not milliseconds: before the year 2286
      return schema.unixTime === true && (value as number) > 9_999_999_999 ? [`${path}: looks like milliseconds, Stripe sends unix seconds`] : [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected a boolean`];
    case 'string_map':
      if (!isObject(value)) return [`${path}: expected a hash of strings`];
      return Object.entries(value).flatMap(([key, inner]) =>
        typeof inner === 'string' && (schema.maxValueLength === undefined || inner.length <= schema.maxValueLength) ? [] : [`${path}.${key}: expected a string`],
      );
    case 'string_array':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? [] : [`${path}: expected an array of strings`];
    case 'object':
      return stripeShapeProblems(schema.ref, value, path);
    case 'array':
      return Array.isArray(value) ? value.flatMap((item, index) => stripeShapeProblems(schema.items, item, `${path}[${index}]`)) : [`${path}: expected an array`];
  }
}

function paramValueProblems(schema: ParamSchema, value: string, name: string): string[] {
  if (schema.type === 'integer' && !/^(0|[1-9]\d*)$/.test(value)) return [`${name}: "${value}" is not an integer`];
  if (schema.type === 'boolean' && value !== 'true' && value !== 'false') return [`${name}: "${value}" is not true or false`];
  if (schema.enum !== undefined && !schema.enum.includes(value)) return [`${name}: "${value}" is not one of ${schema.enum.join(', ')}`];
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return [`${name}: longer than ${schema.maxLength}`];
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
