/**
 * Collations: the subset the dev server implements exactly, and the refusal of the rest.
 *
 * Implemented: `{locale: 'simple'}` (binary, the same as none) and the English locales
 * (`en`, `en_US`: ICU's root order) at `strength` 1 (base letters: case and accents ignored),
 * 2 (accents count, case ignored) or 3 (the default when omitted: case counts too, lowercase
 * first), every other option at its default. String comparison is ICU's, through
 * `Intl.Collator` (Node ships ICU like mongod; sensitivity `base` is ICU strength 1, `accent`
 * strength 2, `variant` strength 3). Anything else — other locales, strength 4–5,
 * `caseLevel`, `caseFirst`, `numericOrdering`, `alternate: 'shifted'`, `backwards`,
 * `normalization` — is refused with 238 naming `collation`.
 *
 * Matching under a collation: only the comparisons between a document's strings and the
 * filter's strings matter, so the filter's strings are sorted into equivalence classes and
 * replaced by codes `2i+1` (class i); each document string becomes `2i+1` when it equals
 * class i, or the even code of the gap it falls in. Binary comparisons of the codes then give
 * exactly the collation's answers for equality, `$in`, ranges and `$elemMatch`. Filters whose
 * strings are not plain comparison operands (`$regex`, regex values, `$expr`, `$where`,
 * `$jsonSchema`) are refused under a collation (238).
 */
import type { Doc } from '../storage/doc.types';
import { ErrorCode, fail, notImplemented } from '../util/command.error';
import { formatDoc } from '../util/bson-format.util';
import { bsonTagOf, isPlainObject } from '../util/bson-value.util';
import type { StringOrder } from '../util/bson-value.util';

export interface Collation {
  /** The collation as mongod reports it (every option filled in). */
  readonly spec: Doc;
  readonly compare: StringOrder;
}

const LOCALES = new Set(['en', 'en_US']);
/** ICU strength → `Intl.Collator` sensitivity (V8 maps base/accent/variant to ICU primary/secondary/tertiary). */
const SENSITIVITY = new Map<unknown, 'base' | 'accent' | 'variant'>([[1, 'base'], [2, 'accent'], [3, 'variant']]);

/** mongod's defaults for every collation option (ICU 57.1 is the version mongod 7 reports). */
const DEFAULTS: Readonly<Doc> = {
  caseLevel: false,
  caseFirst: 'off',
  numericOrdering: false,
  alternate: 'non-ignorable',
  maxVariable: 'punct',
  normalization: false,
  backwards: false,
};
const KNOWN = new Set(['locale', 'strength', 'version', ...Object.keys(DEFAULTS)]);

export function parseCollation(cmd: string, raw: Doc, field = 'collation'): Collation | undefined {
  if (Object.keys(raw).length === 0) return undefined;
  for (const k of Object.keys(raw)) {
    if (!KNOWN.has(k)) fail(ErrorCode.UnknownField, `BSON field '${field}.${k}' is an unknown field.`);
  }
  const locale = raw['locale'];
  if (locale === undefined) fail(40414, `BSON field '${field}.locale' is missing but a required field`);
  if (typeof locale !== 'string') fail(ErrorCode.TypeMismatch, `BSON field '${field}.locale' is the wrong type, expected type 'string'`);
  if (locale === 'simple' && Object.keys(raw).length === 1) return undefined;
  const strength = raw['strength'] ?? 3;
  const defaults = Object.entries(DEFAULTS).every(([k, v]) => raw[k] === undefined || raw[k] === v);
  const sensitivity = SENSITIVITY.get(strength);
  if (!LOCALES.has(locale) || sensitivity === undefined || !defaults) {
    notImplemented(cmd, `the collation ${formatDoc(raw)} (only {locale: 'simple'}, or locale 'en'/'en_US' with strength 1, 2 or 3 and default options)`);
  }
  const collator = new Intl.Collator('en', { sensitivity, usage: 'sort' });
  return {
    spec: { locale, caseLevel: false, caseFirst: 'off', strength, numericOrdering: false, alternate: 'non-ignorable', maxVariable: 'punct', normalization: false, backwards: false, version: '57.1' },
    compare: (a, b) => collator.compare(a, b),
  };
}

const code = (n: number): string => n.toString().padStart(10, '0');

/** Filter operators whose operand is not compared with document values (kept as written). */
const OPAQUE_OPERANDS = new Set(['$exists', '$type', '$size', '$mod', '$bitsAllSet', '$bitsAllClear', '$bitsAnySet', '$bitsAnyClear', '$comment']);
const STRING_MATCHERS = new Set(['$regex', '$options', '$expr', '$where', '$jsonSchema', '$text']);

function refuse(what: string): never {
  return notImplemented('query', `${what} under a non-simple collation`);
}

function isRegex(v: unknown): boolean {
  return v instanceof RegExp || (v !== null && typeof v === 'object' && bsonTagOf(v) === 'BSONRegExp');
}

/** Rewrites the strings of a filter's comparison operands with `f`. */
function mapFilter(filter: Doc, f: (s: string) => string): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' || k === '$or' || k === '$nor') out[k] = Array.isArray(v) ? v.map((c) => (isPlainObject(c) ? mapFilter(c, f) : c)) : v;
    else if (STRING_MATCHERS.has(k)) refuse(k);
    else if (k.startsWith('$')) out[k] = v;
    else out[k] = mapCondition(v, f);
  }
  return out;
}

function mapCondition(v: unknown, f: (s: string) => string): unknown {
  if (!isPlainObject(v) || !Object.keys(v).some((k) => k.startsWith('$'))) return mapValue(v, f);
  const out: Doc = {};
  for (const [op, arg] of Object.entries(v)) {
    if (STRING_MATCHERS.has(op)) refuse(op);
    if (OPAQUE_OPERANDS.has(op)) out[op] = arg;
    else if (op === '$not') out[op] = mapCondition(arg, f);
    else if (op === '$elemMatch' && isPlainObject(arg)) {
      out[op] = Object.keys(arg).some((k) => k.startsWith('$') && k !== '$and' && k !== '$or' && k !== '$nor') ? mapCondition(arg, f) : mapFilter(arg, f);
    } else out[op] = mapValue(arg, f);
  }
  return out;
}

function mapValue(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (isRegex(v)) refuse('a regular expression');
  if (Array.isArray(v)) return v.map((e) => mapValue(e, f));
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const [k, e] of Object.entries(v)) out[k] = mapValue(e, f);
    return out;
  }
  return v;
}

export interface CollatedFilter {
  /** The filter with its strings replaced by class codes. */
  readonly filter: Doc;
  /** A document with its strings replaced by the codes they compare as. */
  encode(doc: Doc): Doc;
}

export function collateFilter(filter: Doc, collation: Collation): CollatedFilter {
  const strings: string[] = [];
  mapFilter(filter, (s) => {
    strings.push(s);
    return s;
  });
  strings.sort(collation.compare);
  const classes: string[] = [];
  for (const s of strings) {
    const last = classes[classes.length - 1];
    if (last === undefined || collation.compare(last, s) !== 0) classes.push(s);
  }
  const classOf = (s: string): number => {
    let lo = 0;
    let hi = classes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = collation.compare(classes[mid], s);
      if (c === 0) return 2 * mid + 1;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return 2 * lo;
  };
  const encodeString = (s: string): string => code(classOf(s));
  return {
    filter: mapFilter(filter, encodeString),
    encode: (doc) => mapValue(doc, encodeString) as Doc,
  };
}

/** Update operators whose effect depends on comparing values (collation-sensitive on mongod). */
const COMPARING_UPDATE_OPERATORS = new Set(['$addToSet', '$pull', '$pullAll', '$min', '$max']);

/**
 * Under a collation mongod also compares strings in `$addToSet`, `$pull`, `$pullAll`, `$min`,
 * `$max`, `$push` with `$sort`, array filters, the positional `$` (the element the query
 * matched) and pipeline-update expressions; the dev server refuses those (238).
 */
export function checkUpdateUnderCollation(cmd: string, update: unknown, arrayFilters: unknown): void {
  if (Array.isArray(update)) notImplemented(cmd, 'a pipeline update under a non-simple collation');
  if (arrayFilters !== undefined) notImplemented(cmd, 'arrayFilters under a non-simple collation');
  if (!isPlainObject(update)) return;
  for (const [op, arg] of Object.entries(update)) {
    if (!op.startsWith('$')) return; // a replacement
    if (COMPARING_UPDATE_OPERATORS.has(op)) notImplemented(cmd, `${op} under a non-simple collation`);
    if (!isPlainObject(arg)) continue;
    for (const [path, v] of Object.entries(arg)) {
      if (path.split('.').includes('$')) notImplemented(cmd, `the positional $ under a non-simple collation`);
      if (op === '$push' && isPlainObject(v) && v['$sort'] !== undefined) notImplemented(cmd, `$push with $sort under a non-simple collation`);
    }
  }
}
