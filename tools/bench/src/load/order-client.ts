/**
 * POST /orders over node's http with a keep-alive Agent: cheap for the load generator (no fetch,
 * no per-request connection). Resolves with the order id of a 202, or with why it was not placed.
 *
 * Every order carries an Idempotency-Key, so a POST that died on a kept-alive socket the server
 * had just closed (ECONNRESET on a reused socket, the usual keep-alive race) is sent again
 * safely: the same key and body give the same order.
 */
import { Agent, request } from 'node:http';
import type { PlaceOrderBody } from '../scenario/order-body';

const REQUEST_TIMEOUT_MS = 30_000;
const RETRIES_ON_REUSED_SOCKET = 2;

export type PlaceOrderResult = { readonly accepted: true; readonly orderId: string } | { readonly accepted: false; readonly error: string };

type Attempt = PlaceOrderResult | { readonly retry: true; readonly error: string };

export class OrderClient {
  private readonly agent: Agent;
  private readonly url: URL;
  /** POSTs sent again after the keep-alive race. */
  retried = 0;

  constructor(apiUrl: string, maxSockets: number) {
    this.url = new URL('/orders', apiUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  async place(body: PlaceOrderBody, idempotencyKey: string): Promise<PlaceOrderResult> {
    const payload = Buffer.from(JSON.stringify(body));
    for (let attempt = 0; ; attempt += 1) {
      const result = await this.send(payload, idempotencyKey);
      if (!('retry' in result)) return result;
      if (attempt >= RETRIES_ON_REUSED_SOCKET) return { accepted: false, error: result.error };
      this.retried += 1;
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private send(payload: Buffer, idempotencyKey: string): Promise<Attempt> {
    return new Promise((done) => {
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': payload.length, 'idempotency-key': idempotencyKey },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => done({ accepted: false, error: error.message }));
          res.on('end', () => done(parseAnswer(res.statusCode ?? 0, Buffer.concat(chunks).toString())));
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', (error) => done(req.reusedSocket ? { retry: true, error: error.message } : { accepted: false, error: error.message }));
      req.end(payload);
    });
  }
}

function parseAnswer(status: number, text: string): PlaceOrderResult {
  if (status !== 202) return { accepted: false, error: `HTTP ${status}: ${text.slice(0, 200)}` };
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'orderId' in parsed && typeof parsed.orderId === 'string') return { accepted: true, orderId: parsed.orderId };
  } catch {
    // fall through
  }
  return { accepted: false, error: `202 without an orderId: ${text.slice(0, 200)}` };
}
