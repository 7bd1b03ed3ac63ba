import { SANDBOX_ERROR_CODES, SandboxError, type SandboxErrorCode } from './sandbox.error';

/**
 * Reads the parameters of a Stripe-style request: a form body parsed with `qs` semantics
 * (`metadata[order_id]=x` -> `{ metadata: { order_id: 'x' } }`) or a query string. Every leaf
 * arrives as a string, so integers are parsed strictly here.
 *
 * Contract: each reader names one parameter, marks it as known, and returns its value
 * (`undefined` when absent) or throws a 400 `invalid_request_error` whose `param` is the
 * bracketed path (`metadata[order_id]`):
 *  - `parameter_missing`  a required parameter is absent;
 *  - `parameter_invalid`  wrong shape or value (`"19.5"`, `"1e3"`, `""` are not integers);
 *  - the code given in `tooLarge` (e.g. `amount_too_large`) above an integer's `max`.
 * `done()` then throws `parameter_unknown` ("Received unknown parameter: x") for the first
 * parameter that no reader asked for (a hash such as `shipping[name]` is named by its top key). Only own keys count, so `__proto__` and
 * friends are unknown parameters, never a prototype change.
 */
export interface IntegerRule {
  readonly min: number;
  readonly max?: number;
  readonly tooLarge?: SandboxErrorCode;
}

export interface StringRule {
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  /** Says what a valid value looks like, e.g. "a three-letter lowercase ISO code". */
  readonly expected: string;
}

export interface StringMapRule {
  readonly maxKeys: number;
  readonly maxKeyLength: number;
  readonly maxValueLength: number;
}

type Params = Readonly<Record<string, unknown>>;

const STRICT_INTEGER = /^(0|[1-9]\d*)$/;

export class FormReader {
  private readonly known = new Set<string>();

  private constructor(
    /** The parameters as received (e.g. for an idempotency fingerprint). */
    readonly params: Params,
    private readonly prefix: string,
  ) {}

  /** `body` must be a plain object (what `qs` and express' query parser produce). */
  static of(body: unknown, prefix = ''): FormReader {
    if (!isParams(body)) throw invalid(prefix === '' ? 'body' : prefix, 'Invalid request: expected form-encoded parameters.');
    return new FormReader(body, prefix);
  }

  path(name: string): string {
    return this.prefix === '' ? name : `${this.prefix}[${name}]`;
  }

  integer(name: string, rule: IntegerRule): number | undefined {
    const raw = this.take(name);
    if (raw === undefined) return undefined;
    const param = this.path(name);
    const value = typeof raw === 'string' && STRICT_INTEGER.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < rule.min) {
      throw invalid(param, `Invalid integer: ${param} must be a whole number of at least ${rule.min} (got ${describe(raw)}).`);
    }
    if (rule.max !== undefined && value > rule.max) {
      const code = rule.tooLarge ?? SANDBOX_ERROR_CODES.parameterInvalid;
      throw SandboxError.invalidRequest(code, `Invalid ${param}: must be at most ${rule.max} (got ${value}).`, param);
    }
    return value;
  }

  string(name: string, rule: StringRule): string | undefined {
    const raw = this.take(name);
    if (raw === undefined) return undefined;
    const param = this.path(name);
    const tooLong = rule.maxLength !== undefined && typeof raw === 'string' && raw.length > rule.maxLength;
    if (typeof raw !== 'string' || tooLong || (rule.pattern !== undefined && !rule.pattern.test(raw))) {
      throw invalid(param, `Invalid ${param}: must be ${rule.expected}${rule.maxLength === undefined ? '' : ` of at most ${rule.maxLength} characters`}.`);
    }
    return raw;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.take(name);
    if (raw === undefined) return undefined;
    if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
    const param = this.path(name);
    throw invalid(param, `Invalid ${param}: must be one of ${allowed.join(', ')} (got ${describe(raw)}).`);
  }

  /** A free-form hash of strings such as `metadata[...]` (Stripe's metadata limits). */
  stringMap(name: string, rule: StringMapRule): Record<string, string> | undefined {
    const raw = this.take(name);
    if (raw === undefined) return undefined;
    const param = this.path(name);
    if (!isParams(raw)) throw invalid(param, `Invalid ${param}: must be a hash, sent as ${param}[key]=value.`);
    const entries = Object.entries(raw);
    if (entries.length > rule.maxKeys) throw invalid(param, `Invalid ${param}: at most ${rule.maxKeys} keys are allowed.`);
    const map: Record<string, string> = {};
    for (const [key, value] of entries) {
      const keyParam = `${param}[${key}]`;
      if (key.length === 0 || key.length > rule.maxKeyLength) {
        throw invalid(keyParam, `Invalid ${param}: keys must be 1 to ${rule.maxKeyLength} characters long.`);
      }
      if (typeof value !== 'string' || value.length > rule.maxValueLength) {
        throw invalid(keyParam, `Invalid ${keyParam}: values must be strings of at most ${rule.maxValueLength} characters.`);
      }
      Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return map;
  }

  /** Throws `parameter_unknown` for the first parameter nobody read. */
  done(): void {
    for (const key of Object.keys(this.params)) {
      if (!this.known.has(key)) {
        const param = this.path(key);
        throw SandboxError.invalidRequest(SANDBOX_ERROR_CODES.parameterUnknown, `Received unknown parameter: ${param}`, param);
      }
    }
  }

  private take(name: string): unknown {
    this.known.add(name);
    return Object.hasOwn(this.params, name) ? this.params[name] : undefined;
  }
}

/** 400 `parameter_missing` for `param`. */
export function missingParameter(param: string, hint = ''): SandboxError {
  return SandboxError.invalidRequest(SANDBOX_ERROR_CODES.parameterMissing, `Missing required param: ${param}.${hint === '' ? '' : ` ${hint}`}`, param);
}

function invalid(param: string, message: string): SandboxError {
  return SandboxError.invalidRequest(SANDBOX_ERROR_CODES.parameterInvalid, message, param);
}

function isParams(value: unknown): value is Params {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(raw: unknown): string {
  return typeof raw === 'string' ? `"${raw.slice(0, 40)}"` : 'a hash or a list';
}
