/**
 * libs/batching — natural batching of one kind of request within a process (group commit): the
 * requests that arrive while a batch is in flight go together as the next one, and a batch with
 * nothing in flight ahead of it gathers for a few event-loop turns (never a timer). Used behind
 * the repositories (libs/dal), the step dispatcher (libs/queue) and the inventory worker's stock
 * passes; never in controllers or handlers.
 */
export { Coalescer } from './coalescer';
export { afterGatheringTurns } from './gathering-turns';
