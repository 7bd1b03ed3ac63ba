/**
 * A small RFC 5322 / MIME reader, enough for the sandbox mailbox (no `mailparser` dependency).
 *
 * `parseMimeMessage(raw)` returns the header lookup (names case-insensitive, folded lines
 * joined, RFC 2047 encoded words decoded; the first occurrence of a name wins) and `text`: the
 * body when the message is `text/plain`, else the first non-attachment `text/plain` part found
 * depth-first in `multipart/*`, else ''. Content-Transfer-Encoding `base64` and
 * `quoted-printable` are decoded, then the part's `charset` (default utf-8). Line breaks come
 * out as `\n`. Malformed input never throws: unknown pieces are kept as plain text or skipped.
 */
export interface ParsedMimeMessage {
  header(name: string): string | undefined;
  readonly text: string;
}

interface MimeEntity {
  readonly headers: ReadonlyMap<string, string>;
  /** Body bytes as a latin1 string (one char per byte). */
  readonly body: string;
}

interface ContentType {
  readonly mediaType: string;
  readonly params: ReadonlyMap<string, string>;
}

const MAX_DEPTH = 10;

export function parseMimeMessage(raw: Buffer): ParsedMimeMessage {
  const entity = parseEntity(raw.toString('latin1'));
  return {
    header: (name) => entity.headers.get(name.toLowerCase()),
    text: findText(entity, 0) ?? '',
  };
}

function parseEntity(source: string): MimeEntity {
  const match = /\r?\n\r?\n/.exec(source);
  const head = match === null ? source : source.slice(0, match.index);
  const body = match === null ? '' : source.slice(match.index + match[0].length);
  return { headers: parseHeaders(head), body };
}

function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  const unfolded = head.replace(/\r?\n(?=[ \t])/g, '');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeHeaderValue(line.slice(colon + 1).trim()));
  }
  return headers;
}

/** Raw 8-bit header bytes are read as UTF-8, then `=?charset?B|Q?...?=` words are decoded. */
function decodeHeaderValue(value: string): string {
  const utf8 = Buffer.from(value, 'latin1').toString('utf8');
  return utf8
    .replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)/g, '$1')
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (word: string, charset: string, encoding: string, text: string) => {
      const bytes = encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(decodeQuotedPrintable(text.replace(/_/g, ' ')), 'latin1');
      return decodeCharset(bytes, charset) ?? word;
    });
}

function findText(entity: MimeEntity, depth: number): string | undefined {
  const type = parseContentType(entity.headers.get('content-type'));
  const disposition = (entity.headers.get('content-disposition') ?? '').trim().toLowerCase();
  if (disposition.startsWith('attachment')) return undefined;
  if (type.mediaType === 'text/plain') return decodeBody(entity, type.params.get('charset'));
  const boundary = type.params.get('boundary');
  if (!type.mediaType.startsWith('multipart/') || boundary === undefined || depth >= MAX_DEPTH) return undefined;
  for (const part of splitMultipart(entity.body, boundary)) {
    const text = findText(parseEntity(part), depth + 1);
    if (text !== undefined) return text;
  }
  return undefined;
}

function parseContentType(value: string | undefined): ContentType {
  const [mediaType = '', ...rest] = (value ?? 'text/plain').split(';');
  const params = new Map<string, string>();
  for (const param of rest) {
    const equals = param.indexOf('=');
    if (equals <= 0) continue;
    const raw = param.slice(equals + 1).trim();
    const unquoted = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    params.set(param.slice(0, equals).trim().toLowerCase(), unquoted);
  }
  return { mediaType: mediaType.trim().toLowerCase() || 'text/plain', params };
}

function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  const lines = body.split(/\r?\n/);
  let current: string[] | undefined;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}--`) break;
    if (trimmed === `--${boundary}`) {
      if (current !== undefined) parts.push(current.join('\r\n'));
      current = [];
    } else if (current !== undefined) {
      current.push(line);
    }
  }
  if (current !== undefined) parts.push(current.join('\r\n'));
  return parts;
}

function decodeBody(entity: MimeEntity, charset: string | undefined): string {
  const encoding = (entity.headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  const bytes = encoding === 'base64'
    ? Buffer.from(entity.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64')
    : Buffer.from(encoding === 'quoted-printable' ? decodeQuotedPrintable(entity.body) : entity.body, 'latin1');
  const text = decodeCharset(bytes, charset ?? 'utf-8') ?? bytes.toString('utf8');
  return text.replace(/\r\n/g, '\n');
}

/** Quoted-printable to a latin1 byte string: soft breaks removed, `=XX` turned into bytes. */
function decodeQuotedPrintable(value: string): string {
  return value
    .replace(/[ \t]+(?=\r?\n)/g, '')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_match: string, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function decodeCharset(bytes: Buffer, charset: string): string | undefined {
  try {
    return new TextDecoder(charset.trim().toLowerCase()).decode(bytes);
  } catch {
    return undefined;
  }
}
