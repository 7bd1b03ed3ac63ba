/**
 * Stripe's form encoding: nested hashes as bracketed keys, the way Stripe's own client
 * libraries send them (`{ metadata: { order_id: 'x' } }` -> `metadata[order_id]=x`). Leaves
 * are strings, numbers or booleans; `undefined` leaves are skipped. Arrays are not needed by
 * the subset and are refused.
 */
export type StripeFormValue = string | number | boolean | undefined | { readonly [key: string]: StripeFormValue };

export function encodeStripeForm(params: { readonly [key: string]: StripeFormValue }): string {
  const form = new URLSearchParams();
  const add = (prefix: string, value: StripeFormValue): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) throw new TypeError(`encodeStripeForm: arrays are not supported (${prefix})`);
    if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) add(prefix === '' ? key : `${prefix}[${key}]`, inner);
      return;
    }
    form.append(prefix, String(value));
  };
  add('', params);
  return form.toString();
}
