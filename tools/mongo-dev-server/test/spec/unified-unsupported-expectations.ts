/**
 * Command-monitoring expectations this runner declares unsupported (issue 9 lets the runner
 * choose; a test using one is skipped with the reason below, never counted as passed):
 *  - `bypassDocumentValidation: false` in the command of an `aggregate`, `findOneAndUpdate`,
 *    `findOneAndReplace`, `findOneAndDelete`, `bulkWrite` or `insertMany` operation run with
 *    that argument: the Node driver sends the option only when it is `true` for these
 *    (`operations/aggregate.js`, `operations/find_and_modify.js`, `bulk/common.js`; the
 *    driver's own spec runner skips these tests), so the expectation checks the client, not
 *    the server, and no server can satisfy it through this driver.
 */
type Rec = Record<string, unknown>;

const OMITS_FALSE_BYPASS = new Set(['aggregate', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete', 'bulkWrite', 'insertMany']);

export const BYPASS_FALSE_REASON =
  'expects bypassDocumentValidation: false in the command, which the Node driver omits for aggregate, findAndModify and bulk writes (unsupported expectation)';

function expectsBypassFalse(expectEvents: Rec[]): boolean {
  return expectEvents.some((exp) =>
    ((exp['events'] ?? []) as Rec[]).some((e) => ((e['commandStartedEvent'] as Rec | undefined)?.['command'] as Rec | undefined)?.['bypassDocumentValidation'] === false),
  );
}

/** Why the test's event expectations cannot be checked through this driver (undefined: they can). */
export function unsupportedExpectation(operations: Rec[], expectEvents: Rec[]): string | undefined {
  const omitting = operations.some((op) => OMITS_FALSE_BYPASS.has(String(op['name'])) && (op['arguments'] as Rec | undefined)?.['bypassDocumentValidation'] === false);
  return omitting && expectsBypassFalse(expectEvents) ? BYPASS_FALSE_REASON : undefined;
}
