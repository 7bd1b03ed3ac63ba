/**
 * `npm run bench` (tools/scripts/bench.js builds, starts the dev MongoDB server and Redis unless
 * MONGO_URL / REDIS_URL are set, then runs this). Prints the tables on stdout, progress on
 * stderr, writes the JSON report and the SVG chart. Exits 1 when a run left an order
 * non-terminal or oversold stock, or on a usage error (2).
 */
import { parseOptions } from './cli/parse-options';
import { HELP_TEXT } from './cli/help-text';
import { printResult } from './report/print-result';
import { writeReport } from './report/write-report';
import { runBench } from './run-bench';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${HELP_TEXT}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(HELP_TEXT);
    return 0;
  }
  const report = await runBench(parsed.options);
  const files = writeReport(report);
  process.stdout.write(printResult(report, files));
  return report.checks.allTerminal && report.checks.noOversell ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
