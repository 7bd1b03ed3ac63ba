/**
 * When a batch that nothing is in flight ahead of goes out: after the I/O callbacks of the
 * event-loop turn its first request arrived in and of the two turns after it (`setImmediate`,
 * three times). Under load the requests that belong together reach a process over a few turns —
 * the answers to one batch job's provider calls, the jobs BullMQ hands over one fetch at a time,
 * the HTTP requests of a burst as their bodies are read — and a batch that went after the first
 * turn alone left with one request and made the rest wait a round trip for the next (measured in
 * docs/performance.md, "A batch gathers for three event-loop turns").
 *
 * Never a timer: a turn lasts as long as the I/O callbacks already there take, so a request waits
 * only while its process handles work that has arrived, and an idle process runs the three turns
 * within microseconds.
 */
export const GATHERING_TURNS = 3;

/** Runs `go` once `turns` event-loop turns, this one included, have run their I/O callbacks. */
export function afterGatheringTurns(go: () => void, turns = GATHERING_TURNS): void {
  setImmediate(turns <= 1 ? go : () => afterGatheringTurns(go, turns - 1));
}
