/**
 * The MongoDB drivers' Unified Test Format files, from a checkout of mongodb/specifications
 * named by `SPEC_DIR` (they are licensed CC BY-NC-SA, so they stay out of this repository; see
 * the dev server's README for the commit and how to run it), through the official Node driver
 * against an in-process dev server. Skipped when `SPEC_DIR` is unset. Fails when a test
 * that is not listed in `expected-failures.json` fails (a regression), or when the pass rate
 * drops below the baseline recorded there. A listed test that now passes is reported (remove
 * it from the list to lock the gain in). Skipped tests (with their reasons) do not count.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startMongoDevServer } from '../../src/index';
import type { MongoDevServer } from '../../src/index';
import { Status, runSpecFile, specFiles } from './unified-runner';
import type { TestOutcome } from './unified-runner';

const SOURCE_ROOT = path.resolve(__dirname, '../../../../../tools/mongo-dev-server');
const SPEC_DIR = process.env['SPEC_DIR'] ?? '';
const BASELINE_FILE = path.join(SOURCE_ROOT, 'test/spec/expected-failures.json');

interface Baseline {
  /** Lowest acceptable pass rate (passed / (passed + failed)), in percent. */
  readonly minPassRate: number;
  /** Test id (`<file>: <description>`) → why it fails on the dev server. */
  readonly expectedFailures: Readonly<Record<string, string>>;
}

let server: MongoDevServer | undefined;
before(async () => {
  server = await startMongoDevServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

it('unified spec tests: no regression, pass rate at or above the baseline', { skip: SPEC_DIR === '' ? 'SPEC_DIR is not set' : !fs.existsSync(SPEC_DIR) && `no spec files at ${SPEC_DIR}` }, async () => {
  const baseline = JSON.parse(fs.readFileSync(BASELINE_FILE, 'utf8')) as Baseline;
  const outcomes: TestOutcome[] = [];
  for (const file of specFiles(SPEC_DIR)) outcomes.push(...(await runSpecFile(server?.url ?? '', SPEC_DIR, file)));
  const passed = outcomes.filter((o) => o.status === Status.Pass);
  const failed = outcomes.filter((o) => o.status === Status.Fail);
  const skipped = outcomes.filter((o) => o.status === Status.Skip);
  const rate = (100 * passed.length) / Math.max(1, passed.length + failed.length);
  const skipReasons = new Map<string, number>();
  for (const s of skipped) skipReasons.set(s.reason, (skipReasons.get(s.reason) ?? 0) + 1);
  const report = [
    `unified spec tests: ${passed.length} passed, ${failed.length} failed, ${skipped.length} skipped — pass rate ${rate.toFixed(1)}% of ${passed.length + failed.length} applicable (baseline ${baseline.minPassRate}%)`,
    ...[...skipReasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `  skipped ${n}: ${r}`),
    ...failed.map((f) => `  ${baseline.expectedFailures[f.id] ? 'expected' : 'NEW'} failure: ${f.id} — ${f.reason}`),
    ...passed.filter((p) => baseline.expectedFailures[p.id]).map((p) => `  now passes (remove from expected-failures.json): ${p.id}`),
  ].join('\n');
  console.log(report);
  if (process.env['SPEC_REPORT']) fs.writeFileSync(process.env['SPEC_REPORT'], JSON.stringify(outcomes, null, 2));
  const regressions = failed.filter((f) => baseline.expectedFailures[f.id] === undefined);
  assert.deepEqual(regressions.map((r) => `${r.id} — ${r.reason}`), [], 'tests that newly fail');
  assert.ok(rate >= baseline.minPassRate, `pass rate ${rate.toFixed(1)}% is below the baseline ${baseline.minPassRate}%`);
});
