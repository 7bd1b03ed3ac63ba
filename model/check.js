// The model check: runs SPIN on model/saga.pml (see docs/protocol.md) and exits 0 only if the
// main model passes every check and every hole variant fails with the invariant it names.
//
//   node model/check.js            the bounded checks (the ones `npm test` runs)
//   node model/check.js --large    3 workers, 3 orders: longer supertrace searches of safety and of liveness
//   node model/check.js --only <name>   one check by name (see CHECKS)
//
// Each check: `spin -a` with its -D options, gcc builds the verifier `pan`, `pan` searches; a
// failing search writes a trail, replayed with `spin -t -p` into a readable trace of steps.
// Needs `spin` and `gcc` on the PATH (tools/scripts/model.js installs them like redis-server).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const MODEL = path.join(__dirname, 'saga.pml');
/** The hole variants' configuration: one order of both SKUs, two workers, one pause. */
const HOLE_CONFIG = ['-DNO=1', '-DNCRASH=0', '-DNSWEEP=0', '-DNPAUSE=1'];

/**
 * kind: 'exhaustive' (every state, must pass), 'supertrace' (bitstate search for `seconds`, an
 * approximation: must find nothing), 'hole' (breadth-first, so the shortest counter-example;
 * must fail in `expect`), 'liveness' (the LTL property `terminates` under weak fairness, every
 * state; with `expect`, a hole that must fail it; with `seconds`, a bitstate search of it stopped
 * after that long, an approximation like 'supertrace').
 */
const CHECKS = [
  // One order of both SKUs against every fault the model has: a crash, two pauses, a sweep.
  { name: 'exhaustive-1-order', kind: 'exhaustive', defines: ['-DNO=1', '-DNCRASH=1', '-DNPAUSE=2', '-DNSWEEP=1'] },
  // The configuration: 2 workers, 2 orders (one of both SKUs, one of one), 1 crash, 1 pause; both orders may be cancelled.
  { name: 'exhaustive-2-orders', kind: 'exhaustive', defines: ['-DNW=2', '-DNO=2', '-DNCRASH=1', '-DNPAUSE=1', '-DNSWEEP=0', '-DNCANCEL=2'] },
  // Liveness: every order ends, under weak fairness, with finite faults and a sweep that runs forever (see LIVENESS in saga.pml).
  { name: 'liveness-1-order', kind: 'liveness', defines: ['-DLIVENESS', '-DNO=1', '-DNCRASH=1', '-DNPAUSE=2', '-DNLOSS=2'] },
  { name: 'liveness-hole-no-sweep', kind: 'liveness', defines: ['-DLIVENESS', '-DHOLE_NO_SWEEP', '-DNO=1', '-DNCRASH=1', '-DNPAUSE=0', '-DNLOSS=0'], expect: 'terminates' },
  { name: 'hole-unfenced-undo', kind: 'hole', defines: ['-DHOLE_UNFENCED_UNDO', ...HOLE_CONFIG], expect: 'inv_reserved_stays_held' },
  { name: 'hole-e11000-read-as-committed', kind: 'hole', defines: ['-DHOLE_E11000_COMMITTED', ...HOLE_CONFIG], expect: 'inv_tombstones' },
  { name: 'hole-void-without-replay', kind: 'hole', defines: ['-DHOLE_VOID_NO_REPLAY', ...HOLE_CONFIG], expect: 'inv_cancelled_moves_no_money' },
  // Needs a release paused past its leases and a stale reserve paused before its pass: two pauses.
  { name: 'hole-lease-only-unchecked', kind: 'hole', defines: ['-DHOLE_LEASE_ONLY_UNCHECKED', '-DNO=1', '-DNCRASH=0', '-DNSWEEP=0', '-DNPAUSE=2'], expect: 'inv_no_hold_left' },
  // Needs two orders (one holds the unit the other is rejected for) and a pause (an earlier attempt's
  // RESERVED record). A hold left always comes with a RESERVED record the skipped release should
  // have tombstoned, so inv_tombstones breaks first (at the latest when inv_no_hold_left does).
  { name: 'hole-reject-without-ledger', kind: 'hole', defines: ['-DHOLE_REJECT_WITHOUT_LEDGER', '-DNO=2', '-DNCRASH=0', '-DNSWEEP=0', '-DNPAUSE=1', '-DNCANCEL=0'], expect: 'inv_tombstones' },
];

const LARGE = [
  { name: 'supertrace-3-workers-3-orders', kind: 'supertrace', seconds: 900, defines: ['-DNW=3', '-DNO=3', '-DNCRASH=1', '-DNPAUSE=1', '-DNSWEEP=1', '-DNCANCEL=2'] },
  // Every order ends under weak fairness, 3 workers and 3 orders: too large for every state, so a bitstate search.
  { name: 'liveness-3-workers-3-orders', kind: 'liveness', seconds: 900, defines: ['-DLIVENESS', '-DNW=3', '-DNO=3', '-DNCRASH=1', '-DNPAUSE=1', '-DNLOSS=1'] },
];

/** A search stopped after a time budget over a bitstate hash (it can miss states). */
function bitstate(check) {
  return check.seconds !== undefined;
}

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  // A time-boxed search ends on its timeout: its output so far is the answer.
  if (result.error && result.error.code !== 'ETIMEDOUT') throw result.error;
  return result;
}

/** spin -a + gcc in a fresh directory; returns that directory. */
function build(check) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `model-${check.name}-`));
  fs.copyFileSync(MODEL, path.join(dir, 'saga.pml'));
  const spin = sh('spin', ['-a', ...check.defines, 'saga.pml'], { cwd: dir });
  if (spin.status !== 0) throw new Error(`spin -a failed for ${check.name}:\n${spin.stdout}${spin.stderr}`);
  // Weak fairness keeps a copy of the state per process: NFAIR bytes cover the liveness run's 11.
  const flags = check.kind === 'liveness' ? ['-O2', '-w', '-DMEMLIM=4096', '-DNFAIR=3'] : ['-O2', '-w', '-DSAFETY', '-DNOCLAIM', '-DMEMLIM=4096'];
  if (bitstate(check)) flags.push('-DBITSTATE');
  else flags.push('-DCOLLAPSE');
  if (check.kind === 'hole') flags.push('-DBFS');
  const gcc = sh('gcc', [...flags, '-o', 'pan', 'pan.c'], { cwd: dir });
  if (gcc.status !== 0) throw new Error(`gcc failed for ${check.name}:\n${gcc.stderr}`);
  return dir;
}

function stat(output, pattern) {
  const match = output.match(pattern);
  return match ? match[1] : '?';
}

/** Runs one check; returns { ok, line, trace? }. */
function runCheck(check) {
  const started = Date.now();
  const dir = build(check);
  const args = ['-n', '-c1', '-m3000000'];
  if (bitstate(check)) args.push('-w32', '-k3');
  if (check.kind === 'liveness') args.push('-a', '-f');
  // A supertrace search is stopped after its time budget (SIGINT: pan prints what it covered).
  const pan = bitstate(check) ? sh('timeout', ['-s', 'INT', String(check.seconds), './pan', ...args], { cwd: dir }) : sh('./pan', args, { cwd: dir });
  const output = `${pan.stdout}${pan.stderr}`;
  const errors = Number(stat(output, /errors: (\d+)/));
  const states = stat(output, /([\d.e+]+) states, stored/);
  const memory = stat(output, /([\d.]+)\s+total actual memory usage/);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const failed = errors > 0 || /^pan:\d+: /m.test(output);
  const cut = !failed && (/Search not completed|max search depth too small/.test(output) || (bitstate(check) && pan.status === 124) || /Interrupted/.test(output));
  const summary = `${states} states, ${memory} MB, ${seconds} s${cut ? ' (search cut short)' : ''}`;
  const trace = failed ? replay(dir, check) : null;
  fs.rmSync(dir, { recursive: true, force: true });
  if (check.kind === 'hole' || (check.kind === 'liveness' && check.expect)) {
    if (!failed) return { ok: false, line: `${check.name}: expected a violation of ${check.expect}, the model passed (${summary})` };
    if (trace.monitor !== check.expect) return { ok: false, line: `${check.name}: expected ${check.expect}, failed in ${trace.monitor} (${summary})`, trace };
    return { ok: true, line: `${check.name}: fails as expected in ${check.expect} after ${trace.steps.length} steps (${summary})`, trace };
  }
  if (failed) return { ok: false, line: `${check.name}: VIOLATION in ${trace.monitor} (${summary})`, trace };
  if (check.kind === 'exhaustive' && cut) return { ok: false, line: `${check.name}: search not completed (${summary})` };
  if (check.kind === 'liveness' && cut && !bitstate(check)) return { ok: false, line: `${check.name}: search not completed (${summary})` };
  const kind = bitstate(check)
    ? `supertrace for ${check.seconds} s${check.kind === 'liveness' ? ', every order ends under weak fairness' : ''}`
    : { exhaustive: 'every state', liveness: 'every state, every order ends under weak fairness' }[check.kind];
  return { ok: true, line: `${check.name}: no violation, ${kind} (${summary})` };
}

/** Global writes worth showing in a trace, and the fault events. */
const MEANINGFUL = /^(ver\[o\] = |step\[o\] = |phase\[o\] = |status\[o\] = |hold\[.*\] = |led\[.*\] = |auth\[o\] = |captures\[o\] = |cancelReq\[\d\] = |pastPivot\[o\] = |avail\[\w+\] = |reserved\[\w+\] = |sold\[\w+\] = |fenceOwner\[\w+\] = me|lease\[\w+\] = |lockOwner\[\w+\] = |crashes = |pauses = |jobVer\[o\] = |jobAvail\[o\] = 1|v = jobVer|out = [1-4])/;
const OUTCOME = ['', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'RE-QUEUED'];

/**
 * A statement as it acted: a worker's order `o`, SKU `s` and own id `me` replaced by their values
 * at that step (`hold[((o*2)+s)]` reads `hold[order 0, SKU 1]`).
 */
function concrete(statement, locals) {
  const value = (name) => (locals[name] === undefined ? name : String(locals[name]));
  let text = statement.replace(/\[([^[\]]*(?:\[[^[\]]*\][^[\]]*)*)\]/g, (_, index) => `[${index.replace(/\b(o|s|me)\b/g, value)}]`);
  text = text.replace(/\[\(\((\d+)\*2\)\+(\d+)\)\]/g, '[order $1, SKU $2]');
  text = text.replace(/= me$/, `= ${value('me')}`);
  const outcome = text.match(/^out = ([1-4])$/);
  return outcome ? `outcome ${OUTCOME[Number(outcome[1])]}` : text;
}

/** Replays the trail: the steps that changed the model's database, queue or provider, and the monitor that failed. */
function replay(dir, check) {
  const result = sh('spin', ['-t', '-p', '-g', '-l', ...check.defines, 'saga.pml'], { cwd: dir });
  const lines = result.stdout.split('\n');
  const steps = [];
  const locals = new Map();
  let monitor = 'deadlock (invalid end state)';
  if (/<<<<<START OF CYCLE>>>>>/.test(result.stdout)) monitor = 'terminates';
  else if (/assertion violated/.test(`${result.stdout}${result.stderr}`)) monitor = 'an assertion of a worker';
  let workers = 0;
  for (const line of lines) {
    // init starts Worker(1), Worker(2), ... in order.
    const started = line.match(/^Starting Worker with pid (\d+)/);
    if (started) locals.set(started[1], { me: ++workers });
    const local = line.match(/^\s+\w+\((\d+)\):(\w+) = (-?\d+)$/);
    if (local) {
      const [, pid, name, value] = local;
      if (!locals.has(pid)) locals.set(pid, {});
      locals.get(pid)[name] = Number(value);
      continue;
    }
    const match = line.match(/^\s*(\d+):\s+proc\s+(\d+) \(([^)]+)\) saga\.pml:(\d+) \(state \d+\)\s+\[(.*)\]$/);
    if (!match) continue;
    const [, , pid, proc, source, statement] = match;
    if (proc.startsWith('inv_') && statement.startsWith('assert')) monitor = proc.replace(/:\d+$/, '');
    if (MEANINGFUL.test(statement)) steps.push(`${proc.replace(/:\d+$/, '')}#${pid} line ${source}: ${concrete(statement, locals.get(pid) ?? {})}`);
  }
  return { monitor, steps, raw: result.stdout };
}

function printTrace(trace) {
  console.log(`  counter-example (${trace.steps.length} steps that change state; the monitor that failed: ${trace.monitor}):`);
  for (const step of trace.steps) console.log(`    ${step}`);
}

function main(argv = process.argv.slice(2)) {
  const large = argv.includes('--large');
  const onlyIndex = argv.indexOf('--only');
  let checks = large ? [...CHECKS, ...LARGE] : CHECKS;
  if (onlyIndex >= 0) checks = [...CHECKS, ...LARGE].filter((check) => check.name === argv[onlyIndex + 1]);
  if (checks.length === 0) throw new Error(`no check named ${argv[onlyIndex + 1]}; checks: ${[...CHECKS, ...LARGE].map((c) => c.name).join(', ')}`);
  let ok = true;
  for (const check of checks) {
    const result = runCheck(check);
    console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${result.line}`);
    if (result.trace && (!result.ok || argv.includes('--traces'))) printTrace(result.trace);
    ok = ok && result.ok;
  }
  if (!ok) throw new Error('model check failed');
  console.log('model check passed: the main model holds every invariant and every hole variant fails as expected');
}

module.exports = { CHECKS, LARGE, runCheck, main };

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
