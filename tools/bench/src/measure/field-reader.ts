/**
 * Reads numbers out of untyped server answers (serverStatus, INFO) without trusting their
 * shape: a missing field is undefined, a BSON Long/Int32/Double is turned into a number.
 */
import { Double, Int32, Long } from 'mongodb';

export function fieldAt(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Double || value instanceof Int32) return value.valueOf();
  return undefined;
}

/** The entries of an object whose values are numbers (or number-like). */
export function numericEntries(value: unknown): [string, number][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, raw]) => {
    const number = numberOf(raw);
    return number === undefined ? [] : [[key, number] as [string, number]];
  });
}
