/**
 * Renders BSON values the way mongod prints them in error messages,
 * e.g. `{ sku: "A" }`, `{ _id: ObjectId('...') }`, `new Date(1700000000000)`.
 */
import { bsonTagOf, isPlainObject, textOf } from './bson-value.util';

export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return String(v);
    case 'boolean':
      return textOf(v);
    case 'bigint':
      return textOf(v);
    case 'object':
      break;
    default:
      return textOf(v);
  }
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[ ${v.map(formatValue).join(', ')} ]`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v instanceof RegExp) return `/${v.source}/${v.flags}`;
  if (isPlainObject(v)) return formatDoc(v);
  switch (bsonTagOf(v)) {
    case 'ObjectId':
      return `ObjectId('${textOf(v)}')`;
    case 'Decimal128':
      return `NumberDecimal("${textOf(v)}")`;
    case 'Timestamp': {
      const t = v as { t: number; i: number };
      return `Timestamp(${t.t}, ${t.i})`;
    }
    case 'Binary': {
      const b = v as { sub_type: number; toString(enc: string): string };
      return `BinData(${b.sub_type}, ${b.toString('hex').toUpperCase()})`;
    }
    default:
      return textOf(v);
  }
}

export function formatDoc(doc: Record<string, unknown>): string {
  const keys = Object.keys(doc);
  if (keys.length === 0) return '{}';
  return `{ ${keys.map((k) => `${k}: ${formatValue(doc[k])}`).join(', ')} }`;
}
