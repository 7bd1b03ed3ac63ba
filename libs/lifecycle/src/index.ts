/**
 * libs/lifecycle — how a process ends. One `ShutdownState` per process (provided by
 * `LifecycleModule.forRoot`, global), set at the first SIGTERM/SIGINT by `installShutdown`:
 *
 * - readiness: a `/health/ready` check injects `ShutdownState` and answers "not ready" once
 *   `shuttingDown` is true, so a load balancer stops sending before the process stops listening;
 * - workers: the BullMQ processor (`@app/queue` `SagaJobProcessor`) stops taking jobs, waits for
 *   the running ones until `handBackAt`, then closes the commit gate (`ShutdownState.commits`:
 *   no step of this process writes its transition any more) and hands the rest back to the wait list;
 * - the API: answers `Connection: close` while draining, so keep-alive clients reconnect elsewhere;
 *   long-lived streams subscribe with `onBegin` and close themselves;
 * - the whole shutdown is bounded by SHUTDOWN_GRACE_MS (libs/config): the process exits then.
 */
export { ShutdownState, type ShutdownListener } from './shutdown-state';
export { CommitGate, GATE_CLOSED } from './commit-gate';
export { LifecycleModule } from './lifecycle.module';
export { installShutdown } from './install-shutdown';
