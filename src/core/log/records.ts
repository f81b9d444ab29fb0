// core/log — LAVA log records: parsing, formatting, terminal controls.
/**
 * LAVA job log records.
 *
 * A LAVA job log (`output.yaml`, served by `GET /api/v0.2/jobs/<id>/logs/` as
 * `application/yaml`) is a YAML block sequence with exactly one entry per text
 * line, each entry a one-line flow mapping:
 *
 *     - {"dt": "2023-06-01T05:24:00.060423", "lvl": "info", "msg": "..."}
 *
 * `parseRecordLine` has a hand-written fast path for exactly that shape
 * (double-quoted keys and strings with every YAML double-quote escape, nested
 * flow mappings / sequences, plain numbers / booleans / nulls, the
 * non-specific tag `! "10"`).  Whenever it meets anything else (plain keys,
 * single quotes, anchors, `!!int` and other tags, comments, duplicate keys,
 * raw control characters...) it gives up and the line goes to the `yaml`
 * library, so the fast path never has to be complete, only exact on what it
 * accepts: for every line it accepts it returns the same value as
 * `parse(line)[0]` from the `yaml` package.
 */
import { nestingOver, parseYaml } from '../yaml';

export interface LogRecord {
  /** Timestamp as LAVA wrote it (UTC, naive or `+00:00`); '' when unknown. */
  dt: string;
  /** Level: exception, error, warning, info, debug, input, target, feedback,
   *  results, or 'unparsed' for a line that could not be read at all. */
  lvl: string;
  msg: string | Record<string, unknown> | unknown[];
  /** Namespace, on `feedback` records. */
  ns?: string;
  [k: string]: unknown;
}

// ---------------------------------------------------------------------------
// Fast path.  Module-level cursor: the parser is synchronous and not re-entrant.

let src = '';
let pos = 0;
/** Flow collections open around `pos`. */
let depth = 0;

/**
 * Deepest nesting of flow collections either parser is given. LAVA's records are 2-4
 * deep; a deeper line is read by neither (the fast path gives up, the `yaml` library
 * is not asked: it recurses until the stack overflows, ~0.3 s a line at 10,000 deep,
 * and V8 has been seen to abort the whole process after a few of those).
 */
export const MAX_DEPTH = 64;

/**
 * The longest line the `yaml` library is given when the fast parser gives up on it (characters).
 * The library reads 0.3-1 MB/s on this machine's loaded cores for the worst shapes (a flow mapping of
 * short keys, flow sequences, tags): 16 K stays well under 100 ms. LAVA's own records go through
 * the fast parser whatever their length; a longer line it cannot read is shown as it came
 * (`unparsed`), never parsed.
 */
export const MAX_FALLBACK_CHARS = 16 * 1024;
/** The most YAML items (src/core/yaml.ts countItems) in a line given to the library: a record has a few dozen. */
export const MAX_FALLBACK_ITEMS = 4096;

/** Returned (as `undefined`) by every fast-path function that gives up. */
const BAIL = undefined;

const hasOwn = Object.prototype.hasOwnProperty;

function skipBlanks(): void {
  let c = src.charCodeAt(pos);
  while (c === 0x20 || c === 0x09) c = src.charCodeAt(++pos);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * A run of characters that stand for themselves inside a double-quoted scalar: anything but
 * the quote, the backslash and control characters other than TAB. Sticky: `test` from
 * `lastIndex` leaves `lastIndex` after the run (the regex engine scans faster than a loop).
 */
// eslint-disable-next-line no-control-regex -- control characters are where the run stops
const PLAIN_RUN = /[^"\\\x00-\x08\x0a-\x1f]*/y;

/** `pos` is on the opening quote.  Leaves `pos` after the closing quote. */
function parseDoubleQuoted(): string | undefined {
  let i = pos + 1;
  let start = i;
  let out = '';
  const n = src.length;
  for (;;) {
    PLAIN_RUN.lastIndex = i;
    PLAIN_RUN.test(src);
    i = PLAIN_RUN.lastIndex;
    if (i >= n) return BAIL; // unterminated
    const c = src.charCodeAt(i);
    if (c === 0x22) {
      // closing quote
      pos = i + 1;
      return start === i ? out : out + src.slice(start, i);
    }
    if (c === 0x5c) {
      if (i > start) out += src.slice(start, i);
      const e = src.charCodeAt(i + 1);
      i += 2;
      switch (e) {
        case 0x22:
          out += '"';
          break; // \"
        case 0x5c:
          out += '\\';
          break; // \\
        case 0x6e:
          out += '\n';
          break; // \n
        case 0x74:
          out += '\t';
          break; // \t
        case 0x09:
          out += '\t';
          break; // \<TAB>
        case 0x72:
          out += '\r';
          break; // \r
        case 0x65:
          out += '\x1b';
          break; // \e
        case 0x30:
          out += '\0';
          break; // \0
        case 0x61:
          out += '\x07';
          break; // \a
        case 0x62:
          out += '\b';
          break; // \b
        case 0x66:
          out += '\f';
          break; // \f
        case 0x76:
          out += '\v';
          break; // \v
        case 0x20:
          out += ' ';
          break; // \<space>
        case 0x2f:
          out += '/';
          break; // \/
        case 0x4e:
          out += '\u0085';
          break; // \N
        case 0x5f:
          out += '\u00a0';
          break; // \_
        case 0x4c:
          out += '\u2028';
          break; // \L
        case 0x50:
          out += '\u2029';
          break; // \P
        case 0x78: // \xXX
        case 0x75: // \uXXXX
        case 0x55: {
          // \UXXXXXXXX
          const len = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
          let code = 0;
          for (let k = 0; k < len; k++) {
            const h = hexValue(src.charCodeAt(i + k));
            if (h < 0) return BAIL;
            code = code * 16 + h;
          }
          if (code > 0x10ffff) return BAIL;
          out += String.fromCodePoint(code);
          i += len;
          break;
        }
        default:
          return BAIL; // invalid escape, escaped line break, end of input
      }
      start = i;
      continue;
    }
    // Raw control characters (other than TAB) and line breaks: leave to yaml.
    if (c < 0x20 && c !== 0x09) return BAIL;
    i++;
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * A plain scalar in flow context, accepted only when it is an integer or a
 * simple float (at most 15 digits), or a core-schema boolean / null.
 */
function parsePlain(): unknown {
  const n = src.length;
  let i = pos;
  for (; i < n; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x2c || c === 0x7d || c === 0x5d) break; // , } ]
  }
  let end = i;
  while (end > pos && (src.charCodeAt(end - 1) === 0x20 || src.charCodeAt(end - 1) === 0x09)) end--;
  if (end === pos) return BAIL; // empty value: yaml gives null, leave it to yaml
  const tok = src.slice(pos, end);
  let value: unknown;
  switch (tok) {
    case 'true':
    case 'True':
    case 'TRUE':
      value = true;
      break;
    case 'false':
    case 'False':
    case 'FALSE':
      value = false;
      break;
    case 'null':
    case 'Null':
    case 'NULL':
    case '~':
      value = null;
      break;
    default: {
      // -?digits(.digits)?([eE][-+]?digits)?
      let k = 0;
      const m = tok.length;
      if (tok.charCodeAt(0) === 0x2d) k++;
      const intStart = k;
      while (k < m && isDigit(tok.charCodeAt(k))) k++;
      let digits = k - intStart;
      if (digits === 0) return BAIL;
      if (k < m && tok.charCodeAt(k) === 0x2e) {
        k++;
        const fracStart = k;
        while (k < m && isDigit(tok.charCodeAt(k))) k++;
        if (k === fracStart) return BAIL;
        digits += k - fracStart;
      }
      if (k < m && (tok.charCodeAt(k) === 0x65 || tok.charCodeAt(k) === 0x45)) {
        k++;
        if (k < m && (tok.charCodeAt(k) === 0x2b || tok.charCodeAt(k) === 0x2d)) k++;
        const expStart = k;
        while (k < m && isDigit(tok.charCodeAt(k))) k++;
        if (k === expStart || k - expStart > 3) return BAIL;
      }
      if (k !== m || digits > 15) return BAIL;
      value = Number(tok);
    }
  }
  pos = i;
  return value;
}

function parseValue(): unknown {
  skipBlanks();
  switch (src.charCodeAt(pos)) {
    case 0x22: // "
      return parseDoubleQuoted();
    case 0x7b: // {
      return parseMapping();
    case 0x5b: // [
      return parseSequence();
    case 0x21: {
      // !  -- only the non-specific tag `! "..."` (always a string)
      const next = src.charCodeAt(pos + 1);
      if (next !== 0x20 && next !== 0x09) return BAIL;
      pos++;
      skipBlanks();
      if (src.charCodeAt(pos) !== 0x22) return BAIL;
      return parseDoubleQuoted();
    }
    case 0x27: // '
    case 0x26: // &
    case 0x2a: // *
    case 0x7c: // |
    case 0x3e: // >
    case 0x23: // #
    case 0x40: // @
    case 0x60: // `
    case 0x25: // %
    case 0x3f: // ?
    case 0x2c: // ,
    case 0x7d: // }
    case 0x5d: // ]
    case 0x3a: // :
      return BAIL;
    default:
      if (pos >= src.length) return BAIL;
      return parsePlain();
  }
}

/** `pos` is on `{`. */
function parseMapping(): Record<string, unknown> | undefined {
  if (++depth > MAX_DEPTH) return BAIL;
  const obj = parseMappingBody();
  depth--;
  return obj;
}

function parseMappingBody(): Record<string, unknown> | undefined {
  pos++;
  const obj: Record<string, unknown> = {};
  skipBlanks();
  if (src.charCodeAt(pos) === 0x7d) {
    pos++;
    return obj;
  }
  for (;;) {
    if (src.charCodeAt(pos) !== 0x22) return BAIL; // only double-quoted keys
    const key = parseDoubleQuoted();
    if (key === BAIL || key === '__proto__' || hasOwn.call(obj, key)) return BAIL;
    skipBlanks();
    if (src.charCodeAt(pos) !== 0x3a) return BAIL; // ':'
    pos++;
    const value = parseValue();
    if (value === BAIL) return BAIL;
    obj[key] = value;
    skipBlanks();
    const c = src.charCodeAt(pos);
    if (c === 0x7d) {
      pos++;
      return obj;
    }
    if (c !== 0x2c) return BAIL;
    pos++;
    skipBlanks();
    if (src.charCodeAt(pos) === 0x7d) {
      // trailing comma, as yaml allows
      pos++;
      return obj;
    }
  }
}

/** `pos` is on `[`. */
function parseSequence(): unknown[] | undefined {
  if (++depth > MAX_DEPTH) return BAIL;
  const arr = parseSequenceBody();
  depth--;
  return arr;
}

function parseSequenceBody(): unknown[] | undefined {
  pos++;
  const arr: unknown[] = [];
  skipBlanks();
  if (src.charCodeAt(pos) === 0x5d) {
    pos++;
    return arr;
  }
  for (;;) {
    const value = parseValue();
    if (value === BAIL) return BAIL;
    arr.push(value);
    skipBlanks();
    const c = src.charCodeAt(pos);
    if (c === 0x5d) {
      pos++;
      return arr;
    }
    if (c !== 0x2c) return BAIL; // includes `"k": v` pairs inside a sequence
    pos++;
    skipBlanks();
    if (src.charCodeAt(pos) === 0x5d) {
      pos++;
      return arr;
    }
  }
}

/** `- {...}` on one line, or undefined when the fast path does not apply. */
function fastParse(line: string): Record<string, unknown> | undefined {
  if (line.charCodeAt(0) !== 0x2d) return BAIL; // '-'
  const sep = line.charCodeAt(1);
  if (sep !== 0x20 && sep !== 0x09) return BAIL;
  src = line;
  pos = 2;
  depth = 0;
  skipBlanks();
  if (src.charCodeAt(pos) !== 0x7b) {
    src = '';
    return BAIL;
  }
  let result = parseMapping();
  if (result !== BAIL) {
    skipBlanks();
    if (pos !== src.length) result = BAIL; // trailing comment or garbage
  }
  src = '';
  return result;
}

/**
 * The start of the usual record: a time and a level that need no escape, then a string message
 * (`- {"dt": "2023-06-01T05:24:00.060423", "lvl": "info", "msg": "...`). Nothing else is accepted.
 */
const USUAL_HEAD = /^- \{"dt": "([0-9T:. +-]*)", "lvl": "([a-z]+)", "msg": "/;

/** What ends a JSON string's plain run: its quote, a backslash, a control character (JSON refuses those raw). */
// eslint-disable-next-line no-control-regex -- control characters are where the run stops
const STRING_STOP = /["\\\x00-\x1f]/g;

/**
 * The usual record, most lines of every log, read without the scan above (several times faster): the
 * head as USUAL_HEAD, then exactly one JSON string and `}`, cut from the line when it has no escape,
 * else read by the engine's JSON parser. JSON's string
 * is a subset of YAML's double-quoted one with the same meaning (its escapes are YAML escapes; it
 * refuses raw control characters, TAB included, which the scan above accepts), and anything after the
 * string but `}` (another key, a comment) makes JSON.parse throw: every line accepted here gives what
 * `fastParse` gives, which is what the `yaml` library gives.
 */
function usualParse(line: string): LogRecord | undefined {
  if (line.charCodeAt(line.length - 1) !== 0x7d || line.charCodeAt(line.length - 2) !== 0x22) return BAIL; // "}
  const head = USUAL_HEAD.exec(line);
  if (!head) return BAIL;
  // Most messages have no escape at all: then the message is the text between the quotes, cut from
  // the line without a copy (as the scan above does), and JSON.parse is not needed.
  const start = head[0].length;
  STRING_STOP.lastIndex = start;
  if (STRING_STOP.exec(line)?.index === line.length - 2) return { dt: head[1], lvl: head[2], msg: line.slice(start, line.length - 2) };
  let msg: unknown;
  try {
    msg = JSON.parse(line.slice(start - 1, line.length - 1)); // from the opening quote
  } catch {
    return BAIL;
  }
  return typeof msg === 'string' ? { dt: head[1], lvl: head[2], msg } : BAIL;
}

// ---------------------------------------------------------------------------

function unparsed(line: string): LogRecord {
  return { dt: '', lvl: 'unparsed', msg: line };
}

/**
 * Turn whatever the line parsed to into a LogRecord.  Records as LAVA writes
 * them pass unchanged; odd ones are made to fit the type: a missing or
 * non-string `dt` becomes '' (or its string form), a `msg` that is missing,
 * null, a number or a boolean becomes a string.  No string `lvl` (or not a
 * mapping at all): an `unparsed` record holding the raw line.
 */
function toRecord(value: unknown, line: string): LogRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return unparsed(line);
  const rec = value as Record<string, unknown>;
  if (typeof rec.lvl !== 'string') return unparsed(line);
  if (typeof rec.dt !== 'string') rec.dt = rec.dt === undefined || rec.dt === null ? '' : String(rec.dt);
  const msg = rec.msg;
  if (typeof msg !== 'string' && (typeof msg !== 'object' || msg === null)) {
    rec.msg = msg === undefined || msg === null ? '' : String(msg);
  }
  if (rec.ns !== undefined && typeof rec.ns !== 'string') rec.ns = String(rec.ns);
  return rec as LogRecord;
}

/** The `yaml` library's reading of a line, or undefined when it fails or is not asked (too long, too deep). */
function slowParse(line: string, version?: '1.1'): unknown {
  try {
    const doc: unknown = parseYaml(line, {
      maxChars: MAX_FALLBACK_CHARS,
      maxItems: MAX_FALLBACK_ITEMS,
      what: 'A log line',
      logLevel: 'error',
      version,
    });
    if (Array.isArray(doc)) return doc.length === 1 ? doc[0] : undefined;
    return doc; // a bare `{...}` without the leading `- `
  } catch {
    // Refused (too long, too deep), or anything the library throws (YAMLParseError, the ReferenceError of an alias bomb, a RangeError).
    return undefined;
  }
}

/**
 * True when more than `max` flow collections (`[`, `{`) are open at some point of the
 * line, outside quoted scalars and comments (src/core/yaml.ts's nestingOver, which the
 * fallback applies itself). Counts generously: a line this deep is no LAVA record anyway.
 */
export function flowDepthOver(line: string, max: number): boolean {
  return nestingOver(line, max);
}

/**
 * Parse one log line (`- {"dt": ..., "lvl": ..., "msg": ...}`, without its
 * line break; a trailing '\r' is ignored).  Never throws: a line that is not
 * a record, even for the `yaml` library, gives
 * `{ dt: '', lvl: 'unparsed', msg: <the raw line> }`.
 */
export function parseRecordLine(line: string): LogRecord {
  if (line.charCodeAt(line.length - 1) === 0x0d) line = line.slice(0, -1);
  const usual = usualParse(line);
  if (usual !== BAIL) return usual;
  let fast: Record<string, unknown> | undefined;
  try {
    fast = fastParse(line);
  } catch {
    // A stack overflow cannot happen within MAX_DEPTH; should anything else throw, the library decides.
    src = '';
    fast = BAIL;
  }
  return toRecord(fast !== BAIL ? fast : slowParse(line), line);
}

// ---------------------------------------------------------------------------
// Block-style answers.
//
// LAVA's Mongo and Elasticsearch log backends answer `logs/` with the records dumped as a YAML
// block list (lava_scheduler_app/logutils.py, `yaml_dump(list(docs))`), keys sorted, one record an
// item, `start`/`end` still counting records:
//
//     - dt: '2023-01-24T05:24:00.123456'
//       lvl: info
//       msg: 'start: 1.1 ...'
//
// A long string is folded onto indented lines; a mapping `msg` (results) is a nested block.

/** The first line of a block-style item: `- key:` at column 0 (a flow record `- {...}` is not one). */
export function isBlockItemStart(line: string): boolean {
  return BLOCK_ITEM_START.test(line);
}

/** Whether a line continues the block-style item before it (indented, or blank inside a folded string). */
export function continuesBlockItem(line: string): boolean {
  return line === '' || line.charCodeAt(0) === 0x20;
}

const BLOCK_ITEM_START = /^- (?:[A-Za-z_][\w-]*|"[^"\\]*"|'[^']*'):(?: |$)/;

/** The usual block item, three lines: a quoted `dt`, a plain `lvl`, a `msg` read below. */
const BLOCK_USUAL = /^- dt: '([^']*)'\n {2}lvl: ([a-z]+)\n {2}msg: (.*)$/;
/** A plain scalar that can only be a string (starts with a letter, no `: `, ` #`, quote or flow character). */
const PLAIN_STRING = /^[A-Za-z][\w .,()/=+@%-]*$/;
/** YAML 1.1 plain scalars that are not strings. */
const PLAIN_SPECIAL = /^(?:y|Y|n|N|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

/**
 * One block-style item (its lines joined by '\n', without the last line break) as a record. The
 * usual three-line item is read here; any other goes to the `yaml` library like a flow line that
 * misses the fast parser, under the same cap (MAX_FALLBACK_CHARS: a longer item is shown as it
 * came, `unparsed`). Never throws.
 */
export function parseBlockItem(item: string): LogRecord {
  const m = BLOCK_USUAL.exec(item);
  if (m) {
    const v = m[3];
    const inner = v.slice(1, -1);
    if (v.length >= 2 && v.charCodeAt(0) === 0x27 && v.charCodeAt(v.length - 1) === 0x27 && !inner.replace(/''/g, '').includes("'")) {
      return { dt: m[1], lvl: m[2], msg: inner.replace(/''/g, "'") };
    }
    if (PLAIN_STRING.test(v) && !v.endsWith(' ') && !PLAIN_SPECIAL.test(v)) return { dt: m[1], lvl: m[2], msg: v };
  }
  return toRecord(slowParse(item, '1.1'), item); // PyYAML wrote it: read as YAML 1.1 like PyYAML
}

/**
 * Split a log response body into records, one per COMPLETE line (ending in
 * '\n').  Text after the last '\n' is not parsed but returned in `rest`
 * ('' when the body ends with a line break).  Blank lines give no record but
 * count in `lines` (every complete line, as LAVA's `logs/?start=` counts them).
 *
 * LAVA's REST `start`/`end` count lines (blank ones too: logutils indexes every
 * line of output.yaml), so a REST follower advances its offset by `lines` and keeps `rest` only if it reads
 * a byte stream (log-tail) that can end mid-line; LAVA itself sends whole
 * lines, so there `rest` should always be ''.  Unparseable lines still count:
 * they come back as `lvl: 'unparsed'` records.
 */
export function parseRecords(body: string): { records: LogRecord[]; rest: string; lines: number } {
  const records: LogRecord[] = [];
  let start = 0;
  let lines = 0;
  for (;;) {
    const nl = body.indexOf('\n', start);
    if (nl < 0) break;
    lines++;
    let end = nl;
    if (end > start && body.charCodeAt(end - 1) === 0x0d) end--;
    if (end > start) {
      const line = body.slice(start, end);
      if (!isBlank(line)) records.push(parseRecordLine(line));
    }
    start = nl + 1;
  }
  return { records, rest: body.slice(start), lines };
}

export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}
