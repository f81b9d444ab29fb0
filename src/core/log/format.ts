/**
 * LAVA log records as text, for an Output channel / text document coloured by
 * `syntaxes/lava-log.tmLanguage.json` (language id `lava-log`).
 *
 * Line layout (one record may give several lines; every line ends in '\n'):
 *
 *     [TIME ]MARK TEXT
 *
 *   TIME  by `time`:
 *           utc      `HH:MM:SS` taken from `dt` as given (LAVA writes UTC), converted to UTC when
 *                    `dt` names another offset (2026.05+ writes one); the default
 *           local    `HH:MM:SS` in the viewer's time zone
 *           elapsed  since the job's first record (`startMs`): `+MM:SS`, from an hour
 *                    `+H:MM:SS` (`-` before the first record: a clock that went back)
 *           hidden   no TIME and no space
 *         `--:--:--` (elapsed: `+--:--`) when `dt` is missing or unreadable.  One
 *         space follows.  TIME never holds a line break: a record gives the same
 *         lines whatever the mode (lineMap.ts relies on it).
 *   MARK  depends on the level:
 *           info, debug   (none)              05:24:00 start: 1 deployimages
 *           target        `| `                05:24:00 | [    0.000000] Linux version ...
 *           input         `> `                05:24:00 > uname -a
 *           feedback      `[feedback NS] `    05:24:00 [feedback common] progress 2/150
 *           warning       `WARNING `          05:24:00 WARNING The string '/ # ' ...
 *           error         `ERROR `            05:24:00 ERROR JobCanceled: The job was canceled
 *           exception     `EXCEPTION `        05:24:00 EXCEPTION progress reached 60
 *           results       `RESULT `           05:24:00 RESULT lava/job: fail — Canceled: The job was canceled
 *           unparsed      `[unparsed] `       --:--:-- [unparsed] <the raw line>
 *           other levels  `<LEVEL> `          05:24:00 <newlevel> text
 *         NS and LEVEL come from the server: they are put on one line with
 *         every control character made visible (sanitize.ts `oneLine`: a
 *         line break is `␊`) and bounded (40 and 24 characters, then `…`),
 *         so they can never start a line of their own.
 *   TEXT  the message.  Terminal control sequences are stripped (see
 *         terminal.ts).  A message with line breaks gives one output line per
 *         message line, each with the same TIME and MARK; trailing line
 *         breaks (e.g. input `uname -a\n`) are dropped.  When TEXT is empty
 *         the line is TIME and MARK without trailing blanks.
 *
 * Results (`msg` a mapping): `DEFINITION/CASE: RESULT`, then
 * ` (MEASUREMENT UNITS)` when there is a measurement, then
 * ` — ERROR_TYPE: ERROR_MSG` when the result carries an error (the job's own
 * `lava/job` result on failure).  Other mapping or list messages are shown as
 * JSON.
 *
 * Info/debug text often starts with an action name in brackets
 * (`[login-action] Waiting for messages`); the grammar colours it as a tag.
 *
 * The text goes to its channel through core/follow/channelText.ts, which
 * makes any control character left visible and writes the follower's own
 * notices (`⚑ [LAVA Follow] …` lines, coloured as comments by the grammar).
 */
import type { LogRecord } from './records';
import { dtMs, elapsedText, localClockText, TimeMode, utcClockText } from './recordTime';
import { NOTICE_MARK, oneLine, sanitizeLogText, SPECIAL_SOURCE } from '../untrusted/sanitize';
import { stripTerminalControls } from './terminal';
import { StyleTable, styledLine } from './ansiStyles';

/** The longest namespace and unknown level shown in a line's prefix (longer ones end in `…`). */
const MAX_NS = 40;
const MAX_LEVEL = 24;

export interface FormatOptions {
  /** The time at the start of each line (default 'utc'). */
  time?: TimeMode;
  /**
   * 'elapsed': the job's first record's time (ms since the epoch).  When not set, the first
   * record formatted with these options that has a readable `dt` sets it: a follow or a
   * document formats its job's records in order from the first, with options of its own.
   */
  startMs?: number;
  /** Levels to show; undefined = all.  `unparsed` records are always shown. */
  levels?: ReadonlySet<string>;
}

const MARKS: ReadonlyMap<string, string> = new Map([
  ['info', ''],
  ['debug', ''],
  ['target', '| '],
  ['input', '> '],
  ['warning', 'WARNING '],
  ['error', 'ERROR '],
  ['exception', 'EXCEPTION '],
  ['results', 'RESULT '],
  ['unparsed', '[unparsed] '],
]);

/** The time mode of options (`time`, else 'utc'). */
export function timeModeOf(opts: Pick<FormatOptions, 'time'>): TimeMode {
  return opts.time ?? 'utc';
}

/** Whether `opts` show records of level `lvl` (`unparsed` ones always). */
export function showsLevel(lvl: string, opts: Pick<FormatOptions, 'levels'>): boolean {
  return opts.levels === undefined || lvl === 'unparsed' || opts.levels.has(lvl);
}

/** Every level, no time: a record's body. */
const BODY: FormatOptions = { time: 'hidden' };

/**
 * What a message shown as it is may not hold: a line break or any other control, a terminal
 * remnant's start (terminal.ts), a character sanitize.ts makes visible. One scan for most
 * messages instead of stripTerminalControls's and sanitizeLogText's.
 */
const NOT_AS_IS = new RegExp(`[\\x00-\\x1f${SPECIAL_SOURCE}${NOTICE_MARK}]|\\[[0-9?]`);

/**
 * A record's lines without their time (MARK and TEXT, whatever the levels shown), made safe
 * (sanitize.ts): what a job's log keeps of it, to show it again in any time mode with `withTime`.
 */
export function formatBody(rec: LogRecord): string {
  const msg = rec.msg;
  if (typeof msg === 'string' && msg !== '' && !NOT_AS_IS.test(msg)) {
    const mark = MARKS.get(rec.lvl);
    if (mark !== undefined) return mark + msg + '\n';
  }
  return sanitizeLogText(formatRecord(rec, BODY));
}

/**
 * The TIME of a record's lines for `opts` ('' when hidden). As formatRecord does, and before any
 * level filter: with 'elapsed' and no `startMs`, the first record with a readable time sets it.
 */
export function recordTime(rec: LogRecord, opts: FormatOptions): string {
  const mode = timeModeOf(opts);
  if (mode === 'hidden') return '';
  if (mode === 'elapsed' && opts.startMs === undefined) opts.startMs = dtMs(rec.dt);
  return timeText(rec.dt, mode, opts.startMs);
}

/**
 * A body's lines with `time` in front of each, as formatRecord writes them:
 * `withTime(formatBody(rec), recordTime(rec, opts))` is `formatRecord(rec, opts)` for a record
 * `opts` show. A line that is empty in the body is TIME alone (no trailing blank).
 */
export function withTime(body: string, time: string): string {
  if (time === '' || body === '') return body;
  const first = body.indexOf('\n');
  if (first === body.length - 1) return first === 0 ? time + '\n' : time + ' ' + body;
  let out = '';
  for (let at = 0; at < body.length;) {
    const nl = body.indexOf('\n', at);
    const end = nl < 0 ? body.length : nl;
    out += (end === at ? time : time + ' ' + body.slice(at, end)) + '\n';
    at = end + 1;
  }
  return out;
}

export function formatRecord(rec: LogRecord, opts: FormatOptions): string {
  const lvl = rec.lvl;
  const mode = timeModeOf(opts);
  // Before the level filter: elapsed time counts from the job's first record, shown or not.
  if (mode === 'elapsed' && opts.startMs === undefined) opts.startMs = dtMs(rec.dt);
  if (opts.levels !== undefined && lvl !== 'unparsed' && !opts.levels.has(lvl)) return '';

  const prefix = (mode === 'hidden' ? '' : timeText(rec.dt, mode, opts.startMs) + ' ') + markOf(rec);

  const msg = rec.msg;
  let text: string;
  if (typeof msg === 'string') text = msg;
  else if (lvl === 'results' && !Array.isArray(msg) && typeof msg === 'object' && msg !== null) text = resultText(msg);
  else text = json(msg);

  // Drop trailing line breaks, then one output line per message line.
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x0a || text.charCodeAt(end - 1) === 0x0d)) end--;
  if (end !== text.length) text = text.slice(0, end);

  if (text.indexOf('\n') < 0) return line(prefix, stripTerminalControls(text));
  let out = '';
  for (const part of text.split('\n')) out += line(prefix, stripTerminalControls(part));
  return out;
}

/** A record's MARK (see the layout above). */
function markOf(rec: LogRecord): string {
  const lvl = rec.lvl;
  const mark = MARKS.get(lvl);
  if (mark !== undefined) return mark;
  // The server's namespace and level go into the prefix: one line, no controls, bounded.
  if (lvl === 'feedback') return typeof rec.ns === 'string' && rec.ns !== '' ? `[feedback ${oneLine(rec.ns, MAX_NS)}] ` : '[feedback] ';
  return `<${oneLine(String(lvl), MAX_LEVEL)}> `; // not [..]: debug text itself starts with `[login-action]`
}

/** A body and the board's colours in it: `[line, start, end, styleId]` per styled range (line within the body). */
export interface StyledBody {
  body: string;
  spans: number[];
}

/** A message that may hold an SGR sequence (ansiStyles.ts): only those are read for styles. */
export function mayHoldStyles(rec: LogRecord): boolean {
  return typeof rec.msg === 'string' && MAY_STYLE.test(rec.msg);
}
// eslint-disable-next-line no-control-regex -- ESC and C1 CSI are what it looks for
const MAY_STYLE = /[\x1b\x9b]|\[[0-9]/;

/**
 * `formatBody(rec)` (the same text) with the styled ranges of its lines (ansiStyles.ts), their
 * columns counted in the body as made safe. Undefined spans when it has none.
 */
export function formatBodyStyled(rec: LogRecord, table: StyleTable): StyledBody {
  const msg = rec.msg;
  if (typeof msg !== 'string' || !MAY_STYLE.test(msg)) return { body: formatBody(rec), spans: [] };
  const mark = markOf(rec);
  let text = msg;
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x0a || text.charCodeAt(end - 1) === 0x0d)) end--;
  if (end !== text.length) text = text.slice(0, end);
  let body = '';
  const spans: number[] = [];
  const parts = text.split('\n');
  for (let n = 0; n < parts.length; n++) {
    const styled = styledLine(parts[n], table);
    if (styled.text === '') {
      body += sanitizeLogText(trimEndBlanks(mark)) + '\n';
      continue;
    }
    // Made safe piece by piece (sanitizeLogText works a character at a time), so each range's
    // columns are those of the safe text.
    const safeMark = sanitizeLogText(mark);
    let out = safeMark;
    let at = 0;
    for (let r = 0; r < styled.ranges.length; r += 3) {
      const [from, to, id] = [styled.ranges[r], styled.ranges[r + 1], styled.ranges[r + 2]];
      out += sanitizeLogText(styled.text.slice(at, from));
      const start = out.length;
      out += sanitizeLogText(styled.text.slice(from, to));
      spans.push(n, start, out.length, id);
      at = to;
    }
    out += sanitizeLogText(styled.text.slice(at));
    body += out + '\n';
  }
  return { body, spans };
}

function line(prefix: string, text: string): string {
  if (text === '') return trimEndBlanks(prefix) + '\n';
  return prefix + text + '\n';
}

function trimEndBlanks(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x20) end--;
  return s.slice(0, end);
}

function timeText(dt: unknown, mode: TimeMode, startMs: number | undefined): string {
  if (mode === 'utc') return utcClockText(dt);
  const ms = dtMs(dt);
  if (mode === 'local') return ms === undefined ? '--:--:--' : localClockText(ms);
  return ms === undefined || startMs === undefined ? '+--:--' : elapsedText(ms - startMs);
}

function resultText(m: Record<string, unknown>): string {
  let text = `${str(m.definition)}/${str(m.case)}: ${str(m.result)}`;
  if (m.measurement !== undefined && m.measurement !== null && m.measurement !== '') {
    const units = m.units === undefined || m.units === null || m.units === '' ? '' : ' ' + str(m.units);
    text += ` (${str(m.measurement)}${units})`;
  }
  const hasType = m.error_type !== undefined && m.error_type !== null && m.error_type !== '';
  const hasMsg = m.error_msg !== undefined && m.error_msg !== null && m.error_msg !== '';
  if (hasType && hasMsg) text += ` — ${str(m.error_type)}: ${str(m.error_msg)}`;
  else if (hasType) text += ` — ${str(m.error_type)}`;
  else if (hasMsg) text += ` — ${str(m.error_msg)}`;
  return text;
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '?';
  if (typeof v === 'object' && v !== null) return json(v);
  return String(v);
}

function json(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s;
  } catch {
    return String(v);
  }
}
