/**
 * Value matching of the Unified Test Format (mongodb/specifications,
 * source/unified-test-format/unified-test-format.md, "Evaluating Matches"): numbers of any
 * type (except decimal) compare by value; root-level documents may hold extra fields, nested
 * ones may not; arrays match element by element; the special operators `$$exists`, `$$type`,
 * `$$unsetOrMatches`, `$$matchesEntity`, `$$matchesHexBytes`, `$$sessionLsid`, `$$lte`,
 * `$$matchAsDocument` and `$$matchAsRoot`. `match` returns undefined on success, else the
 * path and reason of the first mismatch.
 */
import { EJSON } from 'bson';

export type Entities = ReadonlyMap<string, unknown>;

type Rec = Record<string, unknown>;

const isDoc = (v: unknown): v is Rec =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

function bsonTag(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const tag = (v as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const tag = bsonTag(v);
  if (tag === 'Int32' || tag === 'Double' || tag === 'Long') return Number((v as { valueOf(): unknown }).valueOf());
  return undefined;
}

/** BSON type names as `$$type` spells them, plus the alias `number` (JS numbers: int, long or double when integral, else double). */
function typeNames(v: unknown): string[] {
  const names = bsonTypeNames(v);
  // the format's alias `number` matches int, long, double and decimal
  return names.some((n) => NUMERIC_TYPES.has(n)) ? [...names, 'number'] : names;
}

const NUMERIC_TYPES = new Set(['int', 'long', 'double', 'decimal']);

function bsonTypeNames(v: unknown): string[] {
  if (v === undefined) return [];
  if (v === null) return ['null'];
  if (typeof v === 'string') return ['string'];
  if (typeof v === 'boolean') return ['bool'];
  if (typeof v === 'number') return Number.isInteger(v) ? ['int', 'long', 'double'] : ['double'];
  if (Array.isArray(v)) return ['array'];
  if (v instanceof Date) return ['date'];
  if (v instanceof RegExp) return ['regex'];
  switch (bsonTag(v)) {
    case 'Int32': return ['int'];
    case 'Long': return ['long'];
    case 'Double': return ['double'];
    case 'Decimal128': return ['decimal'];
    case 'ObjectId': return ['objectId'];
    case 'Binary': return ['binData'];
    case 'Timestamp': return ['timestamp'];
    case 'BSONRegExp': return ['regex'];
    default: return isDoc(v) ? ['object'] : ['object'];
  }
}

function special(expected: Rec): string | undefined {
  const keys = Object.keys(expected);
  return keys.length === 1 && keys[0]?.startsWith('$$') ? keys[0] : undefined;
}

/**
 * The driver builds some command fields as Maps (sort, index keys) or class instances
 * (`readConcern` is a ReadConcern): compare them by their fields.
 */
function plain(v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries(v);
  if (v === null || typeof v !== 'object' || Array.isArray(v) || isDoc(v) || bsonTag(v) !== undefined) return v;
  if (v instanceof Date || v instanceof RegExp || v instanceof Uint8Array) return v;
  return { ...v };
}

/**
 * Root-level documents (an expected result, a command, and each document of an expected
 * result array) may hold fields the expectation does not name; nested ones may not.
 */
export function match(expected: unknown, actualValue: unknown, entities: Entities, root = true, path = ''): string | undefined {
  const actual = plain(actualValue);
  if (isDoc(expected)) {
    const op = special(expected);
    if (op !== undefined) return matchOperator(op, expected[op], actual, entities, root, path);
    if (!isDoc(actual)) return `${path}: expected a document, got ${describe(actual)}`;
    for (const [k, ev] of Object.entries(expected)) {
      const av = actual[k];
      const sub = `${path}.${k}`;
      if (isDoc(ev)) {
        const op2 = special(ev);
        if (op2 === '$$exists') {
          if ((av !== undefined) !== ev[op2]) return `${sub}: expected ${ev[op2] ? 'present' : 'absent'}`;
          continue;
        }
        if (op2 === '$$unsetOrMatches' && av === undefined) continue;
      }
      if (av === undefined && !(k in actual)) return `${sub}: missing`;
      const m = match(ev, av, entities, false, sub);
      if (m) return m;
    }
    if (!root) {
      const extra = Object.keys(actual).filter((k) => !(k in expected));
      if (extra.length > 0) return `${path}: unexpected fields ${extra.join(', ')}`;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${describe(actual)}`;
    if (actual.length !== expected.length) return `${path}: expected ${expected.length} elements, got ${actual.length} (${describe(actual)})`;
    for (let i = 0; i < expected.length; i++) {
      const m = match(expected[i], actual[i], entities, root && path === '', `${path}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  const en = asNumber(expected);
  if (en !== undefined) {
    const an = asNumber(actual);
    return an !== undefined && (an === en || (Number.isNaN(an) && Number.isNaN(en))) ? undefined : `${path}: expected ${en}, got ${describe(actual)}`;
  }
  if (bsonTag(expected) !== undefined || expected instanceof Date) {
    return EJSON.stringify(expected) === EJSON.stringify(actual) ? undefined : `${path}: expected ${describe(expected)}, got ${describe(actual)}`;
  }
  return Object.is(expected, actual) || expected === actual ? undefined : `${path}: expected ${describe(expected)}, got ${describe(actual)}`;
}

function matchOperator(op: string, arg: unknown, actual: unknown, entities: Entities, root: boolean, path: string): string | undefined {
  switch (op) {
    case '$$exists':
      return (actual !== undefined) === arg ? undefined : `${path}: $$exists ${String(arg)}`;
    case '$$type': {
      const wanted = Array.isArray(arg) ? arg : [arg];
      return typeNames(actual).some((t) => wanted.includes(t)) ? undefined : `${path}: expected type ${wanted.join('|')}, got ${describe(actual)}`;
    }
    case '$$unsetOrMatches':
      return actual === undefined ? undefined : match(arg, actual, entities, root, path);
    case '$$matchesEntity':
      return match(entities.get(String(arg)), actual, entities, root, path);
    case '$$matchesHexBytes': {
      const buf = bsonTag(actual) === 'Binary' ? Buffer.from((actual as { buffer: Uint8Array }).buffer) : Buffer.isBuffer(actual) ? actual : undefined;
      return buf && buf.toString('hex').toLowerCase() === String(arg).toLowerCase() ? undefined : `${path}: bytes differ`;
    }
    case '$$sessionLsid': {
      const session = entities.get(String(arg)) as { id?: unknown } | undefined;
      return match(session?.id, actual, entities, false, path);
    }
    case '$$lte': {
      const a = asNumber(actual);
      const e = asNumber(arg);
      return a !== undefined && e !== undefined && a <= e ? undefined : `${path}: expected <= ${String(e)}, got ${describe(actual)}`;
    }
    case '$$matchAsDocument':
      return typeof actual === 'string' ? match(arg, EJSON.parse(actual, { relaxed: true }), entities, true, path) : `${path}: expected a JSON string`;
    case '$$matchAsRoot':
      return match(arg, actual, entities, true, path);
    default:
      return `${path}: the runner does not support the operator ${op}`;
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  try {
    const s = EJSON.stringify(v, { relaxed: true });
    return s.length > 300 ? `${s.slice(0, 300)}…` : s;
  } catch {
    return `(unprintable ${typeof v})`;
  }
}
