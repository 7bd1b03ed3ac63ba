/**
 * A small HTTP(S) client for one origin (form-encoded requests, JSON answers: the shape of
 * Stripe's API), cheaper per call than `fetch`: node's own
 * `http`/`https` request on keep-alive sockets of an Agent of its own (`lifo`, so the warm sockets
 * are the ones reused and the rest time out), the request written with one `end(body)` and a
 * Content-Length (headers and body leave in one write), the answer parsed once.
 *
 * Contract: `request` resolves with the status and the parsed JSON body, whatever the status.
 * It rejects (a plain Error saying what happened) when there is no complete JSON answer: a
 * network error, a body that is empty, not JSON or larger than 1 MiB, or the timeout. The
 * timeout bounds the whole exchange, from queueing for a socket to the last byte of the answer;
 * when it fires the request is destroyed, so a late answer is never read. A request marked
 * `repeatable` (safe to send twice: a GET, or a POST with an idempotency key) that fails on a
 * reused keep-alive socket before any answer (the server closed the socket while it was idle) is
 * sent once more, on a fresh socket, within the same deadline.
 */
import http from 'node:http';
import https from 'node:https';

export interface FormHttpClientOptions {
  /** Bound on one `request`, from start to the last byte of the answer. */
  readonly timeoutMs: number;
  /** Most sockets open to the origin at once; further requests wait for a free one. */
  readonly maxSockets: number;
  /** Sent with every request (e.g. `authorization`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FormRequest {
  readonly method: 'GET' | 'POST';
  /** Absolute path with its query string, e.g. `/v1/payment_intents/search?query=...`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `application/x-www-form-urlencoded` (nested names already flattened: `metadata[order_id]`). */
  readonly form?: Readonly<Record<string, string>>;
  /** Safe to send twice: may be repeated once after a stale keep-alive socket. */
  readonly repeatable?: boolean;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

const MAX_BODY_BYTES = 1024 * 1024;
/** An idle socket is closed after this long, or 1 s before the server's Keep-Alive timeout. */
const IDLE_SOCKET_MS = 30_000;
/** Errors of a reused socket that the server closed before it read the request. */
const STALE_SOCKET_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE']);
/** What a failed exchange resolves with when it may be sent again on a fresh socket. */
const STALE_SOCKET = Symbol('stale keep-alive socket');

export class FormHttpClient {
  private readonly transport: typeof http | typeof https;
  private readonly agent: http.Agent;
  private readonly hostname: string;
  private readonly port: number | undefined;

  constructor(
    baseUrl: string,
    private readonly options: FormHttpClientOptions,
  ) {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`FormHttpClient needs an http: or https: URL, got ${url.protocol}`);
    this.transport = url.protocol === 'https:' ? https : http;
    const agentOptions: http.AgentOptions = { keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo', timeout: IDLE_SOCKET_MS };
    this.agent = url.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    // `[::1]` in a URL is `::1` for a socket
    this.hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    this.port = url.port === '' ? undefined : Number(url.port);
  }

  async request(request: FormRequest): Promise<HttpAnswer> {
    const deadline = Date.now() + this.options.timeoutMs;
    const payload = request.form === undefined ? undefined : new URLSearchParams(request.form).toString();
    const headers: Record<string, string> = { ...this.options.headers, ...request.headers };
    if (payload !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    for (let attempt = 1; ; attempt += 1) {
      const answer = await this.exchange(request, headers, payload, deadline, request.repeatable === true && attempt === 1);
      if (answer !== STALE_SOCKET) return answer;
    }
  }

  /** Closes every socket; requests still running fail. */
  close(): void {
    this.agent.destroy();
  }

  private exchange(request: FormRequest, headers: Record<string, string>, payload: string | undefined, deadline: number, repeatable: boolean): Promise<HttpAnswer | typeof STALE_SOCKET> {
    return new Promise((resolve, reject) => {
      let answered = false;
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const req = this.transport.request({ agent: this.agent, hostname: this.hostname, port: this.port, method: request.method, path: request.path, headers });
      const timer = setTimeout(() => {
        const error = new Error(`timeout: no complete answer within ${this.options.timeoutMs} ms`);
        settle(() => reject(error));
        req.destroy(error);
      }, Math.max(0, deadline - Date.now()));
      req.on('error', (error: NodeJS.ErrnoException) => {
        const stale = repeatable && !answered && req.reusedSocket && error.code !== undefined && STALE_SOCKET_CODES.has(error.code);
        settle(() => (stale ? resolve(STALE_SOCKET) : reject(error)));
      });
      req.on('response', (res: http.IncomingMessage) => {
        answered = true;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY_BYTES) {
            chunks.push(chunk);
            return;
          }
          settle(() => reject(new Error(`answered ${res.statusCode} with a body over ${MAX_BODY_BYTES} bytes`)));
          req.destroy();
        });
        res.on('error', (error) => settle(() => reject(error)));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
          settle(() => {
            try {
              resolve({ status, body: JSON.parse(text) as unknown });
            } catch {
              reject(new Error(`answered ${status} with a body that is not JSON`));
            }
          });
        });
      });
      req.end(payload);
    });
  }
}
