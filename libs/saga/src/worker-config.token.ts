/** The validated WorkerConfig of this process, injectable by handlers and adapters. */
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
