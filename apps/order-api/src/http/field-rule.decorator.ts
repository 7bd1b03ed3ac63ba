/**
 * `@FieldRule('must be an integer from 1 to 1000')` on a DTO property: the one message a client
 * gets for that field, whichever of its class-validator constraints failed (a `"2"` for a
 * quantity breaks three of them; the client should read one rule, not three complaints).
 */
const RULES = new WeakMap<object, Map<string, string>>();

export function FieldRule(message: string): PropertyDecorator {
  return (prototype, property) => {
    const rules = RULES.get(prototype) ?? new Map<string, string>();
    rules.set(String(property), message);
    RULES.set(prototype, rules);
  };
}

/** The rule of `property` on the class of `instance` (or a class it extends), if one was declared. */
export function fieldRuleOf(instance: unknown, property: string): string | undefined {
  let prototype = instance !== null && typeof instance === 'object' ? (Object.getPrototypeOf(instance) as object | null) : null;
  while (prototype !== null) {
    const rule = RULES.get(prototype)?.get(property);
    if (rule !== undefined) return rule;
    prototype = Object.getPrototypeOf(prototype) as object | null;
  }
  return undefined;
}
