/**
 * Record index ↔ document line, for a log shown as text by format.ts.
 *
 * A record gives 0 lines (its level is filtered out), 1 line, or one line per
 * line of its message (format.ts: trailing line breaks dropped, then one line
 * per `\n`).  The time column (`time`) never changes how many lines a
 * record gives.  The document may also hold lines that are no record's (the
 * follower's `[LAVA Follow] …` notices): `appendLines(n)` counts them.
 *
 * Storage: two Uint32Arrays (first line, line count), grown by doubling, so
 * 8 bytes a record (up to 16 just after a growth), O(1) amortized per
 * append, O(1) record → line and O(log n) line → record.
 *
 * The record index is LAVA's line number: the 0-based line of output.yaml,
 * the REST `start`/`end` offsets, `tests/` start_log_line / end_log_line, and
 * the job page's `#L<n>` anchors (`lavaAnchor`).
 */
import { formatRecord, FormatOptions } from './format';
import type { LogRecord } from './records';

/**
 * How many lines `formatRecord(rec, opts)` gives (its count of '\n'), without
 * building the text for string messages.  Mapping / list messages are
 * formatted (results text may hold line breaks of its own).
 */
export function formattedLineCount(rec: LogRecord, opts: Pick<FormatOptions, 'levels'>): number {
  const lvl = rec.lvl;
  if (opts.levels !== undefined && lvl !== 'unparsed' && !opts.levels.has(lvl)) return 0;
  const msg = rec.msg;
  if (typeof msg !== 'string') return countNewlines(formatRecord(rec, { time: 'hidden', levels: opts.levels }), 0, Infinity);
  let end = msg.length;
  while (end > 0) {
    const c = msg.charCodeAt(end - 1);
    if (c !== 0x0a && c !== 0x0d) break;
    end--;
  }
  return countNewlines(msg, 0, end) + 1;
}

/** The '\n' in `s` from `from` up to (not including) `end`. */
export function countNewlines(s: string, from: number, end: number): number {
  let n = 0;
  let i = s.indexOf('\n', from);
  while (i >= 0 && i < end) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  return n;
}

export class LineMap {
  private first: Uint32Array;
  private count: Uint32Array;
  private n = 0;
  private lines = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity | 0);
    this.first = new Uint32Array(cap);
    this.count = new Uint32Array(cap);
  }

  /** A map of `records` formatted with `opts` (e.g. after the level filter changed). */
  static build(records: readonly LogRecord[], opts: Pick<FormatOptions, 'levels'>): LineMap {
    const map = new LineMap(records.length);
    for (const rec of records) map.appendRecord(formattedLineCount(rec, opts));
    return map;
  }

  /** Records appended so far (= index of the next one). */
  get recordCount(): number {
    return this.n;
  }

  /** Lines in the document so far. */
  get lineCount(): number {
    return this.lines;
  }

  /** Bytes held by the arrays (for the benchmark). */
  get byteSize(): number {
    return this.first.byteLength + this.count.byteLength;
  }

  /** Append the next record, which gives `lineCount` lines (0 when hidden); returns its first line. */
  appendRecord(lineCount: number): number {
    if (this.n === this.first.length) this.grow();
    const at = this.lines;
    this.first[this.n] = at;
    this.count[this.n] = lineCount;
    this.n++;
    this.lines = at + lineCount;
    return at;
  }

  /** Append the next record given its formatted text (its '\n' are counted); returns its first line. */
  appendFormatted(text: string): number {
    return this.appendRecord(countNewlines(text, 0, Infinity));
  }

  /** Append `n` lines that belong to no record (follower notices). */
  appendLines(n: number): void {
    this.lines += n;
  }

  /** First document line of a record, or undefined when it is hidden or unknown. */
  firstLine(index: number): number | undefined {
    if (index < 0 || index >= this.n || this.count[index] === 0) return undefined;
    return this.first[index];
  }

  /** Number of document lines a record gives (0 when hidden or unknown). */
  lineCountOf(index: number): number {
    return index < 0 || index >= this.n ? 0 : this.count[index];
  }

  /** Last document line of a record, or undefined when it is hidden or unknown. */
  lastLine(index: number): number | undefined {
    if (index < 0 || index >= this.n || this.count[index] === 0) return undefined;
    return this.first[index] + this.count[index] - 1;
  }

  /**
   * The first document line at or after the start of record `index` (the
   * record's own first line when it is shown, otherwise the next line that
   * exists), or undefined when there is none yet.
   */
  lineAtOrAfter(index: number): number | undefined {
    if (index < 0) index = 0;
    const line = index < this.n ? this.first[index] : this.lines;
    return line < this.lines ? line : undefined;
  }

  /**
   * The last document line at or before the end of record `index` (the
   * record's own last line when it is shown, otherwise the line before it),
   * or undefined when there is none.
   */
  lineAtOrBefore(index: number): number | undefined {
    if (index >= this.n) return this.lines > 0 ? this.lines - 1 : undefined;
    if (index < 0) return undefined;
    const line = this.first[index] + this.count[index] - 1;
    return line >= 0 ? line : undefined;
  }

  /** The largest record index whose first line is at or before `line` (-1 when none).  O(log n). */
  private lastStartingAtOrBefore(line: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.first[mid] <= line) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The record a document line shows, or undefined (a notice line, or beyond the end).  O(log n). */
  recordAt(line: number): number | undefined {
    if (line < 0 || line >= this.lines || this.n === 0) return undefined;
    // Largest i with first[i] <= line: hidden records share their start with
    // the next record, so the largest one is the record whose lines these are.
    const i = this.lastStartingAtOrBefore(line);
    if (i < 0) return undefined;
    return line < this.first[i] + this.count[i] ? i : undefined;
  }

  /**
   * The record a line belongs to, or else the nearest record shown before it
   * (for a notice line), or undefined.  O(log n).
   */
  recordAtOrBefore(line: number): number | undefined {
    if (line < 0 || this.n === 0) return undefined;
    if (line >= this.lines) line = this.lines - 1;
    for (let i = this.lastStartingAtOrBefore(line); i >= 0; i--) if (this.count[i] > 0) return i;
    return undefined;
  }

  private grow(): void {
    const cap = this.first.length * 2;
    const f = new Uint32Array(cap);
    f.set(this.first);
    const c = new Uint32Array(cap);
    c.set(this.count);
    this.first = f;
    this.count = c;
  }
}

const ACTION_ID_RE = /^start: ([\d.]+) [\w_-]+ /;

/**
 * The fragment of a record on LAVA's job page (`/scheduler/job/<id>#…`), as
 * lava_scheduler_app/templates/lava_scheduler_app/job.html builds it:
 *
 * - `L<index>` (`id="L{{ forloop.counter0 }}"`, and `"L" + (position + i)` in
 *   the page's script for lines added live): 0-based, the record index;
 * - except info/debug/warning/… lines matching `^start: ([\d.]+) [\w_-]+ `
 *   (an action's start; not `start: 0 validate`, which has no trailing
 *   blank), whose id is `action_<level with '-' for '.'>` (also the target of
 *   the Pipeline panel's links);
 * - and `results` lines, whose id is `results_<case id>` (a database id not in
 *   the log): undefined here, the caller picks a neighbour.
 *
 * `error`, `exception`, `input`, `target` and `feedback` lines are always `L<n>`.
 */
export function lavaAnchor(rec: LogRecord, index: number): string | undefined {
  const lvl = rec.lvl;
  if (lvl === 'results') return undefined;
  if (lvl !== 'input' && lvl !== 'target' && lvl !== 'feedback' && lvl !== 'error' && lvl !== 'exception') {
    if (typeof rec.msg === 'string') {
      const m = ACTION_ID_RE.exec(rec.msg);
      if (m !== null) return 'action_' + m[1].replace(/\./g, '-');
    }
  }
  return 'L' + index;
}
