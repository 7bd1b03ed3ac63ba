/**
 * The decisions of one stock pass, as pure functions (no I/O): given the requests waiting and
 * each SKU as the pass read it under its lock and fence, decide every request, then (once the
 * ledger has answered) the one guarded change per SKU.
 *
 * - RESERVE is all or nothing, decided before anything is written: every item must exist and be
 *   held already or fit in what is still available (requests are served in arrival order). A
 *   rejected order holds nothing; holds left by an earlier, interrupted attempt are given back
 *   by the saga's RELEASE_STOCK compensation, so nothing here ever deletes or undoes a write.
 *   An order rejected for lack of stock gets a REJECTED ledger record on every item: if each one
 *   is REJECTED afterwards (none had a record before), the ledger proves nothing is or will be
 *   held, and the answer says so (`nothingHeld`: the saga then skips RELEASE_STOCK). A RESERVE
 *   that meets a REJECTED record (an earlier attempt was rejected, its answer lost) is rejected
 *   the same way: that decision stands.
 * - COMMIT turns each held quantity into sold; an item without a hold must already be COMMITTED
 *   in the ledger (an earlier attempt got that far).
 * - RELEASE tombstones every item in the ledger, then gives back each hold unless the ledger says
 *   COMMITTED.
 */
import { RESERVATION_STATE, type FencedStock, type HoldChange, type LedgerAction, type LedgerEntry, type LedgerOutcome, type StockChange } from '@app/dal';
import type { StockAnswer, StockRequest } from './stock-request';

export type FencedSkus = ReadonlyMap<string, FencedStock | null | 'BUSY'>;

export interface LedgerPlan {
  /** Answers known before any write (busy, rejected, and — for RESERVE — the amount). */
  readonly answers: ReadonlyMap<number, StockAnswer>;
  readonly entries: readonly LedgerEntry[];
  /** entries[i] belongs to requests[owners[i]]. */
  readonly owners: readonly number[];
}

export function planLedger(requests: readonly StockRequest[], skus: FencedSkus): LedgerPlan {
  const answers = new Map<number, StockAnswer>();
  const entries: LedgerEntry[] = [];
  const owners: number[] = [];
  const available = new Map<string, number>();
  requests.forEach((request, index) => {
    const answer = request.kind === 'RESERVE' ? decideReserve(request, skus, available) : decideSettle(request, skus);
    if (answer !== null) answers.set(index, answer);
    const action = ledgerAction(request, answer);
    if (action === null) return;
    for (const item of request.items) {
      entries.push({ action, orderId: request.orderId, sku: item.sku, quantity: item.quantity });
      owners.push(index);
    }
  });
  return { answers, entries, owners };
}

/** What a request writes in the ledger once decided: its own action, REJECT for lack of stock, or nothing. */
function ledgerAction(request: StockRequest, answer: StockAnswer | null): LedgerAction | null {
  if (answer === null || answer.kind === 'DONE') return request.kind;
  return answer.kind === 'REJECTED' && answer.reason === 'OUT_OF_STOCK' ? 'REJECT' : null;
}

function busySku(request: StockRequest, skus: FencedSkus): string | undefined {
  return request.items.find((item) => skus.get(item.sku) === 'BUSY')?.sku;
}

function decideReserve(request: StockRequest, skus: FencedSkus, available: Map<string, number>): StockAnswer {
  const busy = busySku(request, skus);
  if (busy !== undefined) return { kind: 'BUSY', sku: busy };
  let amount = 0;
  const taken: { sku: string; left: number }[] = [];
  for (const item of request.items) {
    const stock = skus.get(item.sku);
    if (!isFenced(stock)) return { kind: 'REJECTED', reason: 'UNKNOWN_SKU', message: `${item.sku}: unknown SKU`, nothingHeld: false };
    amount += stock.unitPrice * item.quantity;
    if (stock.holds[request.orderId] !== undefined) continue;
    const left = available.get(item.sku) ?? stock.available;
    if (left < item.quantity) return { kind: 'REJECTED', reason: 'OUT_OF_STOCK', message: `${item.sku}: fewer than ${item.quantity} available`, nothingHeld: false };
    taken.push({ sku: item.sku, left: left - item.quantity });
  }
  for (const { sku, left } of taken) available.set(sku, left);
  return { kind: 'DONE', amount };
}

function decideSettle(request: StockRequest, skus: FencedSkus): StockAnswer | null {
  const busy = busySku(request, skus);
  if (busy !== undefined) return { kind: 'BUSY', sku: busy };
  if (request.kind === 'COMMIT') {
    const missing = request.items.find((item) => !isFenced(skus.get(item.sku)));
    if (missing !== undefined) return { kind: 'FAILED', message: `${missing.sku} disappeared from inventory` };
  }
  return null;
}

/** True for a SKU the pass holds the fence of (not unknown, not busy). */
export function isFenced(stock: FencedStock | null | 'BUSY' | undefined): stock is FencedStock {
  return stock !== undefined && stock !== null && stock !== 'BUSY';
}

export interface StockPlan {
  readonly answers: ReadonlyMap<number, StockAnswer>;
  readonly changes: readonly StockChange[];
}

/** After the ledger answered: what each request still needs written, grouped into one change per SKU. */
export function planStock(requests: readonly StockRequest[], skus: FencedSkus, ledger: LedgerPlan, outcomes: readonly LedgerOutcome[]): StockPlan {
  const answers = new Map(ledger.answers);
  const states = new Map<number, Map<string, LedgerOutcome>>();
  ledger.entries.forEach((entry, i) => {
    const owner = ledger.owners[i];
    const byItem = states.get(owner) ?? new Map<string, LedgerOutcome>();
    byItem.set(entry.sku, outcomes[i] ?? null);
    states.set(owner, byItem);
  });
  const changes = new Map<string, { reserve: HoldChange[]; commit: HoldChange[]; release: HoldChange[] }>();
  states.forEach((byItem, index) => {
    const request = requests[index];
    const rejected = answers.get(index);
    if (rejected?.kind === 'REJECTED') {
      answers.set(index, { ...rejected, nothingHeld: everyItemRejected(byItem) });
      return;
    }
    const holds = holdsToWrite(request, skus, byItem);
    if (!(holds instanceof Map)) {
      answers.set(index, holds);
      return;
    }
    if (!answers.has(index)) answers.set(index, { kind: 'DONE', amount: 0 });
    for (const [sku, hold] of holds) {
      const change = changes.get(sku) ?? { reserve: [], commit: [], release: [] };
      change[request.kind === 'RESERVE' ? 'reserve' : request.kind === 'COMMIT' ? 'commit' : 'release'].push(hold);
      changes.set(sku, change);
    }
  });
  return {
    answers,
    changes: [...changes].map(([sku, change]) => ({ sku, fence: (skus.get(sku) as FencedStock).fence, ...change })),
  };
}

/** True when the ledger proves the order holds nothing on any item: every record is REJECTED. */
function everyItemRejected(ledger: ReadonlyMap<string, LedgerOutcome>): boolean {
  return [...ledger.values()].every((state) => state === RESERVATION_STATE.REJECTED);
}

/**
 * The holds one request writes, per SKU; or the answer when it cannot go on: rejected by an
 * earlier attempt, or failed because the ledger says the saga moved on.
 */
function holdsToWrite(request: StockRequest, skus: FencedSkus, ledger: ReadonlyMap<string, LedgerOutcome>): Map<string, HoldChange> | StockAnswer {
  if (request.kind === 'RESERVE' && [...ledger.values()].includes(RESERVATION_STATE.REJECTED)) {
    return { kind: 'REJECTED', reason: 'OUT_OF_STOCK', message: 'an earlier attempt of this step found too little stock', nothingHeld: everyItemRejected(ledger) };
  }
  const holds = new Map<string, HoldChange>();
  for (const item of request.items) {
    const stock = skus.get(item.sku);
    const held = isFenced(stock) ? stock.holds[request.orderId] : undefined;
    const state = ledger.get(item.sku) ?? null;
    if (request.kind === 'RESERVE') {
      if (state !== RESERVATION_STATE.RESERVED) return failed(`reservation of ${item.sku} is already ${String(state)}: the saga has moved on`);
      if (held === undefined) holds.set(item.sku, { orderId: request.orderId, quantity: item.quantity });
    } else if (request.kind === 'COMMIT') {
      if (state !== RESERVATION_STATE.COMMITTED) return failed(`no held reservation of ${item.sku} to commit (ledger: ${String(state)})`);
      if (held !== undefined) holds.set(item.sku, { orderId: request.orderId, quantity: held });
    } else if (state !== RESERVATION_STATE.COMMITTED && held !== undefined) {
      holds.set(item.sku, { orderId: request.orderId, quantity: held });
    }
  }
  return holds;
}

function failed(message: string): StockAnswer {
  return { kind: 'FAILED', message };
}
