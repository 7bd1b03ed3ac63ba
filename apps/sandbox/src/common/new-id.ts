import { randomBytes } from 'node:crypto';

/**
 * Random bytes are drawn from the system 4 KiB at a time and handed out 12 at a time: one
 * `randomBytes` call per id was 4 % of the sandbox's CPU under load (each call enters the
 * kernel's random source), one per 341 ids is nothing. Every byte is used once.
 */
const POOL_BYTES = 4_096;
const ID_BYTES = 12;

let pool = Buffer.alloc(0);
let offset = 0;

/** A Stripe-looking identifier: `<prefix>_` followed by 24 random hex characters. */
export function newId(prefix: string): string {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const id = `${prefix}_${pool.toString('hex', offset, offset + ID_BYTES)}`;
  offset += ID_BYTES;
  return id;
}
