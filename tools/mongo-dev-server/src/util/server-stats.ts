/**
 * Process-wide counters of one dev server instance, reported under
 * `serverStatus().devServer`, `serverStatus().opcounters` and `serverStatus().metrics`
 * (`commands.<name>.{total,failed}`, `queryExecutor.{scanned,scannedObjects}` like mongod).
 * `docsExamined` counts every stored document a command looked at (tested against a filter
 * or read for a write) and is also reported as `scannedObjects`; `keysExamined` counts index
 * entries read (`scanned`). The index tests assert on them to prove lookups do not scan.
 */
export interface CommandCounter {
  total: number;
  failed: number;
}

/** The plan of the most recent query (what `explain` reports). */
export interface PlanSummary {
  /** Index used ('_id_' for the `_id` map); undefined = collection scan. */
  readonly indexName: string | undefined;
  /** Sort fields requested, and how many the plan's order gives (the rest is an in-memory SORT). */
  readonly sortFields: number;
  readonly sortedPrefix: number;
}

export class ServerStats {
  lastPlan: PlanSummary | undefined;
  docsExamined = 0;
  keysExamined = 0;
  indexLookups = 0;
  collectionScans = 0;
  readonly opcounters = { insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 };
  /** Per command name (as mongod reports it); pre-filled with every known command. */
  readonly commands = new Map<string, CommandCounter>();
  /** Commands that do not exist (mongod's `metrics.commands.<UNKNOWN>`). */
  unknownCommands = 0;
  readonly startedAt = Date.now();
  connectionsCurrent = 0;
  connectionsTotal = 0;

  constructor(commandNames: readonly string[] = []) {
    for (const name of commandNames) this.commands.set(name, { total: 0, failed: 0 });
  }

  /** The counter of a command, created on first use. */
  command(name: string): CommandCounter {
    let c = this.commands.get(name);
    if (!c) this.commands.set(name, (c = { total: 0, failed: 0 }));
    return c;
  }
}
