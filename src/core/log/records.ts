/**
 * LAVA job log records.
 *
 * A LAVA job log (`output.yaml`, served by `GET /api/v0.2/jobs/<id>/logs/` as
 * `application/yaml`) is a YAML block sequence with exactly one entry per text
 * line, each entry a one-line flow mapping:
 *
 *     - {"dt": "2023-06-01T05:24:00.060423", "lvl": "info", "msg": "..."}
 *
 * `parseRecordLine` reads a line with the first of three readers that takes it:
 *   1. `usualParse` (below): the usual record, a string message after a plain time and level,
 *      most lines of every log;
 *   2. FlowRecordParser (flowRecordParser.ts): the general one-line form (results with a
 *      mapping message, escapes in keys, nested flow collections...);
 *   3. the `yaml` library (core/yaml.ts), within MAX_FALLBACK_CHARS / MAX_FALLBACK_ITEMS, for
 *      anything else.
 * The first two are exact on what they accept (the value `parse(line)[0]` from the `yaml`
 * package gives) and give up on anything else; a line none reads is an `unparsed` record.
 * Block-style answers (LAVA's Mongo and Elasticsearch backends) are read by `parseBlockItem`.
 */
import { nestingOver, parseYaml } from '../util/yaml';
import { FlowRecordParser } from './flowRecordParser';

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
// The usual record, then the general one-line form (flowRecordParser.ts), then the `yaml` library.

export { MAX_DEPTH } from './flowRecordParser';

/**
 * The longest line the `yaml` library is given when the fast parser gives up on it (characters).
 * The library reads 0.3-1 MB/s on this machine's loaded cores for the worst shapes (a flow mapping of
 * short keys, flow sequences, tags): 16 K stays well under 100 ms. LAVA's own records go through
 * the fast parser whatever their length; a longer line it cannot read is shown as it came
 * (`unparsed`), never parsed.
 */
export const MAX_FALLBACK_CHARS = 16 * 1024;
/** The most YAML items (src/core/util/yaml.ts countItems) in a line given to the library: a record has a few dozen. */
export const MAX_FALLBACK_ITEMS = 4096;

/** Returned (as `undefined`) by the readers that give up. */
const BAIL = undefined;

/** Reads one line at a time: parseRecordLine is synchronous, so one instance serves every call. */
const flowParser = new FlowRecordParser();

/**
 * The start of the usual record: a time and a level that need no escape, then a string message
 * (`- {"dt": "2023-06-01T05:24:00.060423", "lvl": "info", "msg": "...`). Nothing else is accepted.
 */
const USUAL_HEAD = /^- \{"dt": "([0-9T:. +-]*)", "lvl": "([a-z]+)", "msg": "/;

/** What ends a JSON string's plain run: its quote, a backslash, a control character (JSON refuses those raw). */
// eslint-disable-next-line no-control-regex -- control characters are where the run stops
const STRING_STOP = /["\\\x00-\x1f]/g;

/**
 * The usual record, most lines of every log, read without flowRecordParser.ts's scan (several times faster): the
 * head as USUAL_HEAD, then exactly one JSON string and `}`, cut from the line when it has no escape,
 * else read by the engine's JSON parser. JSON's string
 * is a subset of YAML's double-quoted one with the same meaning (its escapes are YAML escapes; it
 * refuses raw control characters, TAB included, which flowRecordParser.ts accepts), and anything after the
 * string but `}` (another key, a comment) makes JSON.parse throw: every line accepted here gives what
 * FlowRecordParser gives, which is what the `yaml` library gives.
 */
function usualParse(line: string): LogRecord | undefined {
  if (line.charCodeAt(line.length - 1) !== 0x7d || line.charCodeAt(line.length - 2) !== 0x22) return BAIL; // "}
  const head = USUAL_HEAD.exec(line);
  if (!head) return BAIL;
  // Most messages have no escape at all: then the message is the text between the quotes, cut from
  // the line without a copy (as FlowRecordParser does), and JSON.parse is not needed.
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
 * line, outside quoted scalars and comments (src/core/util/yaml.ts's nestingOver, which the
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
    fast = flowParser.parse(line);
  } catch {
    // A stack overflow cannot happen within MAX_DEPTH; should anything else throw, the library decides.
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
