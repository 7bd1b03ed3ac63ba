import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generatePassword, hashPassword, verifyPassword } from './password';

describe('operator passwords (scrypt)', () => {
  it('stores a PHC-style scrypt string with a salt of its own, and checks it', async () => {
    const password = generatePassword();
    assert.match(password, /^[A-Za-z0-9_-]{24}$/);
    const stored = await hashPassword(password);
    assert.match(stored, /^\$scrypt\$ln=14,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.equal(await verifyPassword(password, stored), true);
    assert.equal(await verifyPassword(`${password}x`, stored), false);
    assert.equal(await verifyPassword('', stored), false);
  });

  it('salts each hash: the same password never stores the same string', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('same password', a), true);
    assert.equal(await verifyPassword('same password', b), true);
  });

  it('never matches a stored string it cannot read or that asks for an unbounded cost', async () => {
    const stored = await hashPassword('pw');
    for (const broken of ['', 'pw', stored.replace('$scrypt$', '$argon2id$'), stored.replace('ln=14', 'ln=40'), stored.replace('p=1', 'p=9'), stored.slice(0, -10)]) {
      assert.equal(await verifyPassword('pw', broken), false, broken);
    }
  });

  it('generates a different password every time', () => {
    assert.equal(new Set(Array.from({ length: 50 }, generatePassword)).size, 50);
  });
});
