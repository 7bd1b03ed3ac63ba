/**
 * Operators' passwords: generated at random (18 bytes, base64url: 24 characters), stored as a
 * PHC-style scrypt string `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<key>` (a random 16-byte salt
 * per operator, a 32-byte key, base64 without padding), and checked in constant time. A stored
 * string that does not parse, holds a key of another length, or asks for more than MAX_COST,
 * never matches.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

interface Cost {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

/** N = 2^14, r = 8, p = 1: 16 MiB and some tens of milliseconds per check. */
const COST: Cost = { ln: 14, r: 8, p: 1 };
const MAX_COST: Cost = { ln: 17, r: 8, p: 2 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const STORED = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d)\$([A-Za-z0-9+/]{16,88})\$([A-Za-z0-9+/]{16,88})$/;

function derive(password: string, salt: Buffer, cost: Cost, keyBytes: number): Promise<Buffer> {
  const N = 2 ** cost.ln;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyBytes, { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r }, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

const base64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');

export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST, KEY_BYTES);
  return `$scrypt$ln=${COST.ln},r=${COST.r},p=${COST.p}$${base64(salt)}$${base64(key)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = STORED.exec(stored);
  if (match === null) return false;
  const [, ln, r, p, salt, key] = match;
  const cost = { ln: Number(ln), r: Number(r), p: Number(p) };
  if (cost.ln < 1 || cost.ln > MAX_COST.ln || cost.r < 1 || cost.r > MAX_COST.r || cost.p < 1 || cost.p > MAX_COST.p) return false;
  const expected = Buffer.from(key ?? '', 'base64');
  if (expected.length !== KEY_BYTES) return false;
  const actual = await derive(password, Buffer.from(salt ?? '', 'base64'), cost, expected.length);
  return timingSafeEqual(actual, expected);
}
