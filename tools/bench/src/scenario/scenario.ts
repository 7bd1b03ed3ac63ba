/**
 * The three load shapes: which SKUs exist with how much stock, and which items order `i` asks
 * for. Choices come from a seeded generator, so every run of a scenario places the same orders.
 */
import type { OrderItem } from '@app/domain';
import { SCENARIO, type ScenarioName } from '../cli/bench-options';
import { seededRandom } from '@app/testing';

export interface StockPlan {
  readonly sku: string;
  readonly available: number;
  /** Minor units (cents). */
  readonly unitPrice: number;
}

export interface Scenario {
  readonly name: ScenarioName;
  readonly stock: readonly StockPlan[];
  itemsFor(index: number): readonly OrderItem[];
}

const PLENTY = 1_000_000;
const SPREAD_SKUS = 1_000;
const BASKET_POOL = 20;
const BASKET_SIZE = 3;

export function buildScenario(name: ScenarioName, orders: number, seed = 1): Scenario {
  const random = seededRandom(seed);
  if (name === SCENARIO.HOT) {
    const sku = 'HOT-1';
    return { name, stock: [{ sku, available: Math.floor(orders / 2), unitPrice: 1_000 }], itemsFor: () => [{ sku, quantity: 1 }] };
  }
  if (name === SCENARIO.BASKETS) {
    const pool = skus('BASKET', BASKET_POOL);
    const baskets = Array.from({ length: orders }, () => pickDistinct(pool, BASKET_SIZE, random).map((sku) => ({ sku, quantity: 1 })));
    return { name, stock: pool.map((sku, i) => ({ sku, available: PLENTY, unitPrice: 500 + 10 * i })), itemsFor: (index) => baskets[index % baskets.length] ?? [] };
  }
  const pool = skus('SPREAD', SPREAD_SKUS);
  const picks = Array.from({ length: orders }, () => pool[Math.floor(random() * pool.length)] ?? 'SPREAD-0000');
  return { name, stock: pool.map((sku, i) => ({ sku, available: PLENTY, unitPrice: 100 + (i % 100) })), itemsFor: (index) => [{ sku: picks[index % picks.length] ?? 'SPREAD-0000', quantity: 1 }] };
}

/**
 * The warm-up of a run: the scenario's orders on SKUs of their own (`WARM-<sku>`), each with stock
 * for every order, so that the measured orders find the scenario's stock as it was seeded.
 */
export function warmupScenario(scenario: Scenario): Scenario {
  const warm = (sku: string): string => `WARM-${sku}`;
  return {
    name: scenario.name,
    stock: scenario.stock.map((item) => ({ ...item, sku: warm(item.sku), available: PLENTY })),
    itemsFor: (index) => scenario.itemsFor(index).map((item) => ({ ...item, sku: warm(item.sku) })),
  };
}

function skus(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
}

function pickDistinct(pool: readonly string[], count: number, random: () => number): string[] {
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, pool.length)) chosen.add(pool[Math.floor(random() * pool.length)] ?? '');
  return [...chosen];
}
