/**
 * LAVA log records as text, for an Output channel / text document coloured by
 * `syntaxes/lava-log.tmLanguage.json` (language id `lava-log`).
 *
 * Line layout (one record may give several lines; every line ends in '\n'):
 *
 *     [TIME ]MARK TEXT
 *
 *   TIME  `HH:MM:SS` taken from `dt` as given (UTC), only when `showTime`;
 *         `--:--:--` when `dt` is missing or unreadable.  One space follows.
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
import { oneLine } from './sanitize';
import { stripTerminalControls } from './terminal';

/** The longest namespace and unknown level shown in a line's prefix (longer ones end in `…`). */
const MAX_NS = 40;
const MAX_LEVEL = 24;

export interface FormatOptions {
  showTime: boolean;
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

export function formatRecord(rec: LogRecord, opts: FormatOptions): string {
  const lvl = rec.lvl;
  if (opts.levels !== undefined && lvl !== 'unparsed' && !opts.levels.has(lvl)) return '';

  let mark = MARKS.get(lvl);
  if (mark === undefined) {
    // The server's namespace and level go into the prefix: one line, no controls, bounded.
    if (lvl === 'feedback') mark = typeof rec.ns === 'string' && rec.ns !== '' ? `[feedback ${oneLine(rec.ns, MAX_NS)}] ` : '[feedback] ';
    else mark = `<${oneLine(String(lvl), MAX_LEVEL)}> `; // not [..]: debug text itself starts with `[login-action]`
  }
  const prefix = (opts.showTime ? timeOf(rec.dt) + ' ' : '') + mark;

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

function line(prefix: string, text: string): string {
  if (text === '') return trimEndBlanks(prefix) + '\n';
  return prefix + text + '\n';
}

function trimEndBlanks(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x20) end--;
  return s.slice(0, end);
}

/** `HH:MM:SS` of an ISO date-time (`T` or space separator), or `--:--:--`. */
function timeOf(dt: string): string {
  let sep = dt.indexOf('T');
  if (sep < 0) sep = dt.indexOf(' ');
  if (sep >= 0) {
    const t = dt.slice(sep + 1, sep + 9);
    if (t.length === 8 && /^\d\d:\d\d:\d\d$/.test(t)) return t;
  }
  return '--:--:--';
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
