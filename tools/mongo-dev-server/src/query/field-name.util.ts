/**
 * A path component the shortcuts around mingo (simple filters, updates, projections) walk as a
 * plain field: not empty, not `$`-prefixed (an operator or a positional), not all digits (which
 * may be an array index), not `__proto__`. Anything else is left to mingo.
 */
export function isFieldName(name: string): boolean {
  return name !== '' && !name.startsWith('$') && !/^\d+$/.test(name) && name !== '__proto__';
}
