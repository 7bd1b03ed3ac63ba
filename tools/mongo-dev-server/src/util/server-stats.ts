/**
 * Process-wide counters of one dev server instance, reported under
 * `serverStatus().devServer` and `serverStatus().opcounters`. `docsExamined` counts every
 * stored document a command looked at (tested against a filter or read for a write); the
 * index-lookup test asserts on it to prove `_id`/unique lookups do not scan.
 */
export class ServerStats {
  docsExamined = 0;
  indexLookups = 0;
  collectionScans = 0;
  readonly opcounters = { insert: 0, query: 0, update: 0, delete: 0, getmore: 0, command: 0 };
  readonly startedAt = Date.now();
  connectionsCurrent = 0;
  connectionsTotal = 0;
}
