/** mongod's type names ($type aliases) for error messages, e.g. "string", "int", "objectId". */
import { BsonKind, bsonTagOf, bsonTypeOf } from './bson-value.util';

export function bsonTypeName(v: unknown): string {
  if (v === undefined) return 'missing';
  if (typeof v === 'number') return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? 'int' : 'double';
  if (typeof v === 'bigint') return 'long';
  const kind = bsonTypeOf(v);
  if (kind === BsonKind.Number && v !== null && typeof v === 'object') {
    const tag = bsonTagOf(v);
    return tag === 'Decimal128' ? 'decimal' : tag === 'Long' ? 'long' : tag === 'Int32' ? 'int' : 'double';
  }
  return kind;
}
