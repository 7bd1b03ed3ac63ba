import { SANDBOX_ERROR_CODES, SandboxError } from '../../common/sandbox.error';

/**
 * Parses the one clause of Stripe's search query language the sandbox supports:
 *
 *   metadata['<key>']:'<value>'     (or with double quotes: metadata["<key>"]:"<value>")
 *
 * Inside a quoted string a backslash escapes the next character (`\'`, `\"`, `\\`). Spaces
 * around the clause are ignored. Anything else (other fields, operators, `AND`/`OR`, negation,
 * wildcards) is a 400 `parameter_invalid` with `param: 'query'`.
 */
export interface MetadataQuery {
  readonly key: string;
  readonly value: string;
}

export function parseMetadataQuery(query: string): MetadataQuery {
  const text = query.trim();
  const prefix = 'metadata[';
  if (!text.startsWith(prefix)) throw unsupported(query);
  const key = readQuoted(text, prefix.length);
  if (key === undefined || key.text === '' || text.slice(key.end, key.end + 2) !== ']:') throw unsupported(query);
  const value = readQuoted(text, key.end + 2);
  if (value === undefined || value.end !== text.length) throw unsupported(query);
  return { key: key.text, value: value.text };
}

/** A quoted string starting at `start`; `end` is the index just past its closing quote. */
function readQuoted(text: string, start: number): { text: string; end: number } | undefined {
  const quote = text[start];
  if (quote !== "'" && quote !== '"') return undefined;
  let result = '';
  for (let i = start + 1; i < text.length; i += 1) {
    const char = text[i];
    if (char === quote) return { text: result, end: i + 1 };
    if (char === '\\') {
      i += 1;
      if (i >= text.length) return undefined;
    }
    result += text[i];
  }
  return undefined;
}

function unsupported(query: string): SandboxError {
  return SandboxError.invalidRequest(
    SANDBOX_ERROR_CODES.parameterInvalid,
    `Invalid query: the sandbox supports exactly one clause, metadata['<key>']:'<value>' (got "${query.slice(0, 100)}").`,
    'query',
  );
}
