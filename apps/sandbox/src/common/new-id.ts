import { randomBytes } from 'node:crypto';

/** A Stripe-looking identifier: `<prefix>_` followed by 24 random hex characters. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}
