import { FormatOptions, showsLevel, timeModeOf, withTime } from './format';
import { countNewlines, LineMap } from './lineMap';
import { ownText } from '../util/detachedCopy';
import { DtReader, TimeColumn } from './recordTime';

/** The level code of a blank line of output.yaml: counted (LAVA counts it), shown nowhere. */
const BLANK = 0;

function grown<T extends Uint32Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(a: T, make: (n: number) => T): T {
  const b = make(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The records of a REST log as a job's log keeps them, once: what a document shows of each one
 * and nothing more. Each record is its body (format.ts `formatBody`, made safe: its lines
 * without their time), its level and its time (recordTime.ts), so a document renders it again
 * with any levels and time mode without parsing or formatting it again.
 *
 * Storage: the bodies of each batch joined into one string; per record its batch, where its body
 * starts, its level (a code into the levels seen) and its time: 24 bytes a record.
 */
export class RecordStore {
  private readonly batches: string[] = [];
  private batchOf = new Uint32Array(1024);
  private startOf = new Uint32Array(1024);
  private levelOf = new Uint32Array(1024);
  private clockOf = new Int32Array(1024);
  private msOf = new Float64Array(1024);
  /** Records added, and those of them in sealed batches. */
  private n = 0;
  private sealed = 0;
  private chars = 0;
  private readonly levels: string[] = ['blank'];
  private readonly codes = new Map<string, number>();
  private readonly times = new DtReader();
  /** The last level added and its code (none yet: a server's empty level is no blank line). */
  private lastLevel: string | undefined;
  private lastCode = BLANK;
  /** The batch being added: its bodies so far and its length. */
  private parts: string[] = [];
  private at = 0;
  /**
   * The board's colours (format.ts `formatBodyStyled`), for the records that have any: their
   * indices in order, where each one's spans start in `spans` (4 numbers a range: line in the
   * body, start, end, style id). Nothing for a log without colours.
   */
  private styledIndex = new Uint32Array(0);
  private styledFrom = new Uint32Array(0);
  private styledCount = 0;
  private spans = new Int32Array(0);
  private spanCount = 0;

  /** Records (= lines of output.yaml, blank ones too) in sealed batches. */
  get count(): number {
    return this.sealed;
  }

  /** Records added, sealed or not: the index of the next one. */
  get added(): number {
    return this.n;
  }

  /** Characters of the bodies held (sealed or not). */
  get size(): number {
    return this.chars;
  }

  /** The next record: its level, `dt` and body (what its document shows, already made safe), and its styled ranges. */
  add(lvl: string, dt: unknown, body: string, spans?: readonly number[]): void {
    if (spans !== undefined && spans.length > 0) this.addSpans(this.n, spans);
    // The level of the record before is most often this one's: a string compare, not a hash of a new string.
    let code = lvl === this.lastLevel ? this.lastCode : this.codes.get(lvl);
    if (code === undefined) {
      code = this.levels.length;
      const own = ownText(lvl); // kept for good: not a view of the page it was cut from
      this.levels.push(own);
      this.codes.set(own, code);
    }
    this.lastLevel = this.levels[code]; // the kept copy: not a view of this record's page
    this.lastCode = code;
    this.times.read(dt);
    this.push(code, this.times.clock, this.times.ms, body);
  }

  /** The next record is a blank line. */
  addBlank(): void {
    this.push(BLANK, -1, NaN, '');
  }

  /** Ends the records added since the last `seal` as one batch: from now on they are shown. */
  seal(): void {
    if (this.sealed === this.n) return;
    this.batches.push(this.parts.join(''));
    this.parts = [];
    this.at = 0;
    this.sealed = this.n;
  }

  /** The level of a record ('blank' for a blank line or an index out of range). */
  level(index: number): string {
    return index >= 0 && index < this.sealed ? this.levels[this.levelOf[index]] : 'blank';
  }

  /** The body of a record ('' for a blank line or an index out of range). */
  body(index: number): string {
    if (index < 0 || index >= this.sealed) return '';
    const text = this.batches[this.batchOf[index]];
    return text.slice(this.startOf[index], this.endOf(index, text));
  }

  /**
   * The document for `format` (its levels and time), every record's lines appended to `lines`
   * (0 for a record not shown). Sealed batches only.
   */
  render(format: FormatOptions, lines: LineMap): string {
    const mode = timeModeOf(format);
    let startMs = format.startMs;
    if (mode === 'elapsed' && startMs === undefined) startMs = this.firstTime();
    const column = new TimeColumn(mode, startMs);
    const shown = this.levels.map((lvl, code) => code !== BLANK && showsLevel(lvl, format));
    const parts: string[] = [];
    const count = this.sealed;
    for (let i = 0; i < count; i++) {
      if (!shown[this.levelOf[i]]) {
        lines.appendRecord(0);
        continue;
      }
      const text = this.batches[this.batchOf[i]];
      const start = this.startOf[i];
      const end = this.endOf(i, text);
      const body = text.slice(start, end);
      parts.push(withTime(body, column.text(this.clockOf[i], this.msOf[i])));
      lines.appendRecord(this.lineCountOf(text, start, end));
    }
    return parts.join('');
  }

  /**
   * Where records land in a document shown with `format`'s levels, without the text: the records
   * `lines` does not hold yet are appended (sealed ones only), so a map kept beside a growing log
   * costs only what is new.
   */
  mapLines(format: Pick<FormatOptions, 'levels'>, lines: LineMap): void {
    const shown = this.levels.map((lvl, code) => code !== BLANK && showsLevel(lvl, format));
    for (let i = lines.recordCount; i < this.sealed; i++) {
      if (!shown[this.levelOf[i]]) {
        lines.appendRecord(0);
        continue;
      }
      const text = this.batches[this.batchOf[i]];
      const start = this.startOf[i];
      lines.appendRecord(this.lineCountOf(text, start, this.endOf(i, text)));
    }
  }

  /** Lines a shown record takes: one, unless its body holds more than its final newline. */
  private lineCountOf(text: string, start: number, end: number): number {
    return text.indexOf('\n', start) === end - 1 ? 1 : countNewlines(text.slice(start, end), 0, Infinity);
  }

  /**
   * A record's styled ranges (`[line, start, end, styleId]` per range, line within its body),
   * an empty list when it has none. O(log n).
   */
  spansOf(index: number): number[] {
    if (index < 0 || index >= this.sealed) return [];
    let lo = 0;
    let hi = this.styledCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.styledIndex[mid] < index) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.styledCount || this.styledIndex[lo] !== index) return [];
    const end = lo + 1 < this.styledCount ? this.styledFrom[lo + 1] : this.spanCount;
    return Array.from(this.spans.subarray(this.styledFrom[lo], end));
  }

  /** Records with styled ranges (for the benchmark and tests). */
  get styledRecords(): number {
    return this.styledCount;
  }

  private addSpans(index: number, spans: readonly number[]): void {
    if (this.styledCount === this.styledIndex.length) {
      const n = Math.max(64, this.styledCount * 2);
      const idx = new Uint32Array(n);
      idx.set(this.styledIndex);
      this.styledIndex = idx;
      const from = new Uint32Array(n);
      from.set(this.styledFrom);
      this.styledFrom = from;
    }
    if (this.spanCount + spans.length > this.spans.length) {
      const grownSpans = new Int32Array(Math.max(256, (this.spanCount + spans.length) * 2));
      grownSpans.set(this.spans);
      this.spans = grownSpans;
    }
    this.styledIndex[this.styledCount] = index;
    this.styledFrom[this.styledCount++] = this.spanCount;
    this.spans.set(spans, this.spanCount);
    this.spanCount += spans.length;
  }

  /** Where a record's body ends: where the next record of its batch starts, else the batch's end. */
  private endOf(index: number, text: string): number {
    return index + 1 < this.sealed && this.batchOf[index + 1] === this.batchOf[index] ? this.startOf[index + 1] : text.length;
  }

  /** The time of the first record that has a readable one ('elapsed' counts from it). */
  private firstTime(): number | undefined {
    for (let i = 0; i < this.sealed; i++) if (this.levelOf[i] !== BLANK && !Number.isNaN(this.msOf[i])) return this.msOf[i];
    return undefined;
  }

  private push(code: number, clock: number, ms: number, body: string): void {
    const i = this.n;
    if (i === this.batchOf.length) {
      const u32 = (k: number) => new Uint32Array(k);
      this.batchOf = grown(this.batchOf, u32);
      this.startOf = grown(this.startOf, u32);
      this.levelOf = grown(this.levelOf, u32);
      this.clockOf = grown(this.clockOf, (k) => new Int32Array(k));
      this.msOf = grown(this.msOf, (k) => new Float64Array(k));
    }
    this.batchOf[i] = this.batches.length;
    this.startOf[i] = this.at;
    this.levelOf[i] = code;
    this.clockOf[i] = clock;
    this.msOf[i] = ms;
    this.n++;
    if (body !== '') {
      this.parts.push(body);
      this.at += body.length;
      this.chars += body.length;
    }
  }
}
