import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FormReader } from './form-reader';
import { SandboxError } from './sandbox.error';

const fails = (run: () => unknown, code: string, param: string): void => {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof SandboxError);
    assert.deepEqual([error.status, error.code, error.param], [400, code, param]);
    return true;
  });
};

describe('FormReader', () => {
  it('parses integers strictly', () => {
    const rule = { min: 1, max: 100, tooLarge: 'amount_too_large' } as const;
    assert.equal(FormReader.of({ n: '42' }).integer('n', rule), 42);
    assert.equal(FormReader.of({}).integer('n', rule), undefined);
    for (const raw of ['19.5', '1e3', '', '-1', '0', '007', ' 1', '9007199254740993', ['1'], { a: '1' }]) {
      fails(() => FormReader.of({ n: raw }).integer('n', rule), 'parameter_invalid', 'n');
    }
    fails(() => FormReader.of({ n: '101' }).integer('n', rule), 'amount_too_large', 'n');
  });

  it('reports the first parameter nobody read, a hash by its top key', () => {
    const form = FormReader.of({ a: 'x', b: { c: 'y' } });
    assert.equal(form.string('a', { expected: 'x' }), 'x');
    fails(() => form.done(), 'parameter_unknown', 'b');
  });

  it('reads a string map with limits, keeping odd keys as plain data', () => {
    const rule = { maxKeys: 2, maxKeyLength: 10, maxValueLength: 3 };
    const map = FormReader.of({ m: { __proto__x: 'v', toString: 'w' } }).stringMap('m', rule);
    assert.deepEqual(map, { __proto__x: 'v', toString: 'w' });
    fails(() => FormReader.of({ m: { a: '1', b: '2', c: '3' } }).stringMap('m', rule), 'parameter_invalid', 'm');
    fails(() => FormReader.of({ m: { abcdefghijk: '1' } }).stringMap('m', rule), 'parameter_invalid', 'm[abcdefghijk]');
    fails(() => FormReader.of({ m: { a: '1234' } }).stringMap('m', rule), 'parameter_invalid', 'm[a]');
  });

  it('treats inherited names as unknown, never as parameters', () => {
    const form = FormReader.of(JSON.parse('{"__proto__": "x"}'));
    assert.equal(form.string('constructor', { expected: 'x' }), undefined);
    fails(() => form.done(), 'parameter_unknown', '__proto__');
  });
});
