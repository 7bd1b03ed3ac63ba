/**
 * docs/protocol.md ties every invariant and model step to the code as `file#function`: each cited
 * file must exist and define that function (method, function, Promela proctype, inline or macro),
 * and each other cited repository file must exist, so the page cannot drift from the code.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'protocol.md'), 'utf8');

function defines(source: string, name: string): boolean {
  const patterns = [
    `function ${name}\\b`,
    `\\b${name}\\s*\\(`,
    `proctype ${name}\\b`,
    `inline ${name}\\b`,
    `#define ${name}\\b`,
  ];
  return patterns.some((pattern) => new RegExp(pattern).test(source));
}

describe('docs/protocol.md', () => {
  const citations = [...DOC.matchAll(/`([\w./-]+\.(?:ts|js|pml))#(\w+)`/g)].map((match) => ({ file: match[1], name: match[2] }));
  const files = [...DOC.matchAll(/`((?:apps|libs|model|test|tools|docs)\/[\w./-]+\.(?:ts|js|pml|md))`/g)].map((match) => match[1]);

  it('cites code as file#function, many times over', () => {
    assert.ok(citations.length >= 30, `only ${citations.length} citations`);
  });

  it('every cited file exists and defines the cited function', () => {
    const missing = citations.filter(({ file, name }) => {
      const full = path.join(ROOT, file);
      return !fs.existsSync(full) || !defines(fs.readFileSync(full, 'utf8'), name);
    });
    assert.deepEqual(missing, []);
  });

  it('every other cited file exists', () => {
    assert.deepEqual(files.filter((file) => !fs.existsSync(path.join(ROOT, file))), []);
  });

  it('names every invariant monitor of the model', () => {
    const model = fs.readFileSync(path.join(ROOT, 'model', 'saga.pml'), 'utf8');
    const monitors = [...model.matchAll(/active proctype (inv_\w+)/g)].map((match) => match[1]);
    assert.ok(monitors.length >= 9);
    assert.deepEqual(monitors.filter((monitor) => !DOC.includes(`\`${monitor}\``)), []);
  });
});
