import type { ChaosReport } from './chaos-run';

/** The run as a table of plain text lines. */
export function formatChaosReport(report: ChaosReport): string {
  const { options, load, injected, invariants } = report;
  const reasons = Object.entries(invariants.byReason)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
  const rows: [string, string][] = [
    ['duration', `${options.minutes} min of load, ${(report.elapsedMs / 60_000).toFixed(1)} min in all; settled ${(report.settleMs / 1_000).toFixed(1)} s after the load`],
    ['processes', `${options.workersPerKind} per worker kind`],
    ['orders', `${load.accepted} accepted, ${load.refused} refused during faults (${options.ordersPerSecond}/s offered)`],
    ['cancels', `${load.cancelsAccepted} accepted, ${load.cancelsRefused} refused (past the pivot or terminal)`],
    ['faults', Object.entries(injected).filter(([, count]) => count > 0).map(([fault, count]) => `${fault} ${count}`).join(', ') || 'none'],
    ['outcome', `${invariants.completed} completed, ${invariants.cancelled} cancelled, ${invariants.failed} failed`],
    ['reasons', reasons || 'none'],
    ['mail duplicates', `${invariants.mailDuplicates} (at least once: a worker killed between the SMTP 250 and the mark)`],
    ['invariants', 'hold: stock conserved and never negative, nothing reserved, sold = completed, one capture per completed order, no money or hold for a cancelled one, every order terminal'],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
}
