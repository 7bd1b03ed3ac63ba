/**
 * The live connection: reads `GET /admin/events` (via `api.events`, a fetch-based reader) and
 * reconnects with backoff (1 s doubling to 15 s) when it drops. `onState` hears `live`,
 * `reconnecting` or `off`; `onEvent(name, data)` each event.
 */
import { api, isSessionEnded } from './api.js';

export function createLive({ onEvent, onState }) {
  let controller = null;
  let retryTimer = null;
  let delay = 1000;

  async function connect() {
    retryTimer = null;
    const mine = new AbortController();
    controller = mine;
    try {
      await api.events((name, data) => {
        if (controller !== mine) return;
        delay = 1000;
        onState('live');
        onEvent(name, data);
      }, mine.signal);
    } catch (failure) {
      if (isSessionEnded(failure)) return stop();
    }
    if (controller !== mine) return; // stopped meanwhile
    onState('reconnecting');
    retryTimer = setTimeout(() => void connect(), delay);
    delay = Math.min(delay * 2, 15_000);
  }

  function stop() {
    controller?.abort();
    controller = null;
    clearTimeout(retryTimer);
    retryTimer = null;
    onState('off');
  }

  return {
    start() {
      if (controller !== null) return;
      delay = 1000;
      onState('reconnecting');
      void connect();
    },
    stop,
  };
}
