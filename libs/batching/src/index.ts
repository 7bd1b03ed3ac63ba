/**
 * libs/batching — natural batching of one kind of request within a process (group commit): the
 * requests that arrive while a batch is in flight go together as the next one. Used behind the
 * repositories (libs/dal) and the step dispatcher (libs/queue); never in controllers or handlers.
 */
export { Coalescer } from './coalescer';
