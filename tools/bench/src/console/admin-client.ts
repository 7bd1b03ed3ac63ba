/**
 * The bench's client of the admin API, as a script would use it: the `ADMIN_TOKEN` bearer (the
 * API records it as the operator `token`), `fetch` (the console's own client is `fetch` too), and
 * the Server-Sent Events stream read from a `fetch` body like the console's `api.events`.
 * Counts the requests it made and the ones that failed, for the report.
 */
export type EventHandler = (name: string, data: unknown) => void;

export class AdminClient {
  requests = 0;
  failures = 0;

  constructor(
    private readonly apiUrl: string,
    private readonly token: string,
  ) {}

  /** GET or POST a JSON endpoint; throws with the status and body on anything but 2xx. */
  async json<T>(method: 'GET' | 'POST', path: string, query: Readonly<Record<string, string>> = {}): Promise<T> {
    const url = new URL(path, this.apiUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    this.requests += 1;
    const response = await fetch(url, { method, headers: { Accept: 'application/json', Authorization: `Bearer ${this.token}` } });
    const text = await response.text();
    if (!response.ok) {
      this.failures += 1;
      throw new Error(`${method} ${url.pathname}${url.search}: HTTP ${response.status} ${text.slice(0, 200)}`);
    }
    return JSON.parse(text) as T;
  }

  /** Reads `GET /admin/events` until `signal` aborts or the stream ends; each event goes to `onEvent`. */
  async events(onEvent: EventHandler, signal: AbortSignal): Promise<void> {
    this.requests += 1;
    const response = await fetch(new URL('/admin/events', this.apiUrl), { headers: { Accept: 'text/event-stream', Authorization: `Bearer ${this.token}` }, signal });
    if (!response.ok || response.body === null) {
      this.failures += 1;
      throw new Error(`GET /admin/events: HTTP ${response.status}`);
    }
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffered.indexOf('\n\n');
      while (end >= 0) {
        dispatch(buffered.slice(0, end), onEvent);
        buffered = buffered.slice(end + 2);
        end = buffered.indexOf('\n\n');
      }
    }
  }
}

function dispatch(block: string, onEvent: EventHandler): void {
  let name = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length > 0) onEvent(name, JSON.parse(data.join('\n')));
}
