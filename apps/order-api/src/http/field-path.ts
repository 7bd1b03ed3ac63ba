/**
 * Paths of request fields in JavaScript notation: `items[0].quantity`, `payment.token`; a key
 * that is not an identifier is quoted (`["payment.token"]` is a top-level key holding a dot).
 */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const INDEX = /^(0|[1-9][0-9]*)$/;

export function fieldPath(parent: string, key: string | number): string {
  const name = String(key);
  if (INDEX.test(name)) return `${parent}[${name}]`;
  if (IDENTIFIER.test(name)) return parent === '' ? name : `${parent}.${name}`;
  return `${parent}[${JSON.stringify(name)}]`;
}
