/**
 * Reads and validates environment variables into typed values.
 *
 * Contract: every reader takes the variable name and the raw environment, returns the parsed
 * value or its default, and throws `InvalidEnvironmentError` naming the variable when the value
 * is present but malformed (or absent without a default). Callers collect every problem before
 * failing, so a misconfigured process reports all of its mistakes at once.
 */
export type RawEnv = Readonly<Record<string, string | undefined>>;

export class InvalidEnvironmentError extends Error {
  readonly code = 'INVALID_ENVIRONMENT';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  }
}

export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: RawEnv) {}

  string(name: string, fallback?: string, pattern?: RegExp): string {
    const raw = this.env[name];
    const value = raw === undefined || raw === '' ? fallback : raw;
    if (value === undefined) return this.fail(name, 'is required', '');
    if (pattern && !pattern.test(value)) return this.fail(name, `must match ${String(pattern)}`, value);
    return value;
  }

  optionalString(name: string, pattern?: RegExp): string | undefined {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return undefined;
    return this.string(name, undefined, pattern);
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      return this.fail(name, `must be an integer between ${min} and ${max} (got "${raw}")`, fallback);
    }
    return value;
  }

  port(name: string, fallback: number): number {
    return this.integer(name, fallback, 0, 65535);
  }

  url(name: string, fallback: string, protocols: readonly string[]): string {
    const value = this.string(name, fallback);
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        return this.fail(name, `must use one of ${protocols.join(', ')} (got "${parsed.protocol}")`, value);
      }
    } catch {
      return this.fail(name, 'must be a valid URL', value);
    }
    return value;
  }

  /** A URL when set (one of `protocols`), undefined when unset or empty. */
  optionalUrl(name: string, protocols: readonly string[]): string | undefined {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return undefined;
    return this.url(name, raw, protocols);
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.string(name, fallback);
    if (!(allowed as readonly string[]).includes(value)) {
      return this.fail(name, `must be one of ${allowed.join(', ')} (got "${value}")`, fallback);
    }
    return value as T;
  }

  /** Records a problem that spans variables (e.g. one must not be below another) when `holds` is false. */
  require(holds: boolean, name: string, message: string): void {
    if (!holds) this.fail(name, message, undefined);
  }

  /** Throws one error listing every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw new InvalidEnvironmentError(this.problems);
  }

  private fail<T>(name: string, message: string, placeholder: T): T {
    this.problems.push(`${name} ${message}`);
    return placeholder;
  }
}
