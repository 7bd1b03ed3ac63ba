/**
 * The console's live signal: processes that create or move orders PUBLISH one message per
 * window on this Redis channel; every order API instance SUBSCRIBEs and tells its open consoles.
 * The message says only that something changed (and how much); readers re-read what they show.
 */
export function consoleEventsChannel(queuePrefix: string): string {
  return `${queuePrefix}:console:orders`;
}

/** One window's worth of changes from one process. */
export interface OrdersChangedSignal {
  /** Orders placed in the window. */
  readonly created: number;
  /** Saga transitions (and retried attempts, cancels, operator actions) applied in the window. */
  readonly moved: number;
  /** When the window closed (ms since the epoch, publisher's clock). */
  readonly at: number;
}
