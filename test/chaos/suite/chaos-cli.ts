/**
 * `npm run chaos` (tools/scripts/chaos.js builds, starts the dev MongoDB server, then runs this):
 * parses the flags, runs the chaos suite, prints the table; exit code 1 when an invariant fails.
 */
import { CHAOS_HELP, parseChaosArgs } from './chaos-options';
import { formatChaosReport } from './chaos-report';
import { runChaos } from './chaos-run';

async function main(): Promise<void> {
  const options = parseChaosArgs(process.argv.slice(2));
  if (options === 'help') {
    console.log(CHAOS_HELP);
    return;
  }
  console.log(`chaos: ${options.minutes} min, ${options.workersPerKind} processes per worker kind, faults ${options.faults.join(',')}, ${options.ordersPerSecond} orders/s, seed ${options.seed}`);
  const report = await runChaos(options, (line) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${line}`));
  console.log(`\n${formatChaosReport(report)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`chaos run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
