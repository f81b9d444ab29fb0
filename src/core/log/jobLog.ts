import { JobOutcome } from '../follow/logSource';
import { ActionTree } from './actions';
import { ProblemCollector } from './problems';
import { LogRecord, parseRecordLine } from './records';
import { sanitizeLogText } from './sanitize';

/** One line of a REST log as it arrived: its 0-based line in LAVA's output.yaml, the raw text, and its record. */
export interface LogLine {
  index: number;
  line: string;
  record: LogRecord;
}

/** What changed in a job's log. */
export type JobLogChange = { kind: 'appended' } | { kind: 'restarted' } | { kind: 'finished' };

const NO_BATCH = 0xffffffff;

function grow(a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Stands for a blank line of output.yaml: counted (LAVA counts it), shown nowhere. */
const BLANK: LogRecord = { dt: '', lvl: 'blank', msg: '' };

/**
 * The log of one job as the extension holds it, shared by the job's Output channel and
 * its documents: the raw lines once (so a document can be rendered again with other
 * levels or times without asking the server), LAVA's pipeline (actions) and the problems
 * found so far. REST logs are records; a log-tail log is text.
 */
export class JobLog {
  readonly actions = new ActionTree();
  readonly problems = new ProblemCollector(this.actions);
  /**
   * REST: the raw lines, once: each batch's lines joined into one string (`batches`), and for
   * each record index the batch it is in and where it starts (typed arrays: 8 bytes a line).
   */
  private readonly batches: string[] = [];
  private batchOf = new Uint32Array(1024);
  private startOf = new Uint32Array(1024);
  private records = 0;
  /** log-tail: the text, sanitized, in the pieces it came in. */
  private readonly pieces: string[] = [];
  private chars = 0;
  private kindValue: 'records' | 'text' | undefined;
  private outcomeValue?: JobOutcome;
  private finishedValue = false;
  private readonly listeners = new Set<(change: JobLogChange) => void>();

  /** `records` for a REST log, `text` for log-tail, undefined until something arrived. */
  get kind(): 'records' | 'text' | undefined {
    return this.kindValue;
  }

  /** Records (= lines of output.yaml) so far. */
  get recordCount(): number {
    return this.records;
  }

  /** Characters held (raw lines or text): what a document of this log costs. */
  get size(): number {
    return this.chars;
  }

  get finished(): boolean {
    return this.finishedValue;
  }

  get outcome(): JobOutcome | undefined {
    return this.outcomeValue;
  }

  /** The record at a 0-based line of output.yaml (parsed again from its raw line). */
  record(index: number): LogRecord {
    const line = this.line(index);
    return line ? parseRecordLine(line) : BLANK;
  }

  /** The raw line of a record ('' for a blank line or an index out of range). */
  line(index: number): string {
    if (index < 0 || index >= this.records) return '';
    const batch = this.batchOf[index];
    if (batch === NO_BATCH) return '';
    const text = this.batches[batch];
    const start = this.startOf[index];
    const end = text.indexOf('\n', start);
    return text.slice(start, end < 0 ? text.length : end);
  }

  /** REST lines, in order; a gap in their indices is blank lines. */
  addLines(lines: readonly LogLine[]): void {
    if (lines.length === 0) return;
    this.kindValue = 'records';
    const fresh = lines.filter((l) => l.index >= this.records); // a page read again: seen already
    if (fresh.length === 0) return;
    const batch = this.batches.length;
    this.batches.push(fresh.map((l) => l.line).join('\n'));
    let at = 0;
    for (const { index, line, record } of fresh) {
      while (this.records < index) this.push(NO_BATCH, 0, BLANK, 0);
      this.push(batch, at, record, line.length + 1);
      at += line.length + 1;
    }
    this.emit({ kind: 'appended' });
  }

  /** log-tail text. */
  addText(text: string): void {
    if (!text) return;
    this.kindValue = 'text';
    const clean = sanitizeLogText(text);
    this.pieces.push(clean);
    this.chars += clean.length;
    this.emit({ kind: 'appended' });
  }

  /** The log-tail log restarted on the server: its text starts again. */
  restart(): void {
    if (this.kindValue !== 'text') return;
    this.pieces.length = 0;
    this.chars = 0;
    this.emit({ kind: 'restarted' });
  }

  finish(outcome?: JobOutcome): void {
    if (this.finishedValue) return;
    this.finishedValue = true;
    this.outcomeValue = outcome;
    this.actions.finish();
    this.emit({ kind: 'finished' });
  }

  /** The log-tail text so far. */
  text(): string {
    if (this.pieces.length > 1) {
      const joined = this.pieces.join('');
      this.pieces.length = 0;
      this.pieces.push(joined);
    }
    return this.pieces[0] ?? '';
  }

  onDidChange(listener: (change: JobLogChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private push(batch: number, start: number, record: LogRecord, chars: number): void {
    const index = this.records;
    if (index === this.batchOf.length) {
      this.batchOf = grow(this.batchOf);
      this.startOf = grow(this.startOf);
    }
    this.batchOf[index] = batch;
    this.startOf[index] = start;
    this.records++;
    this.chars += chars;
    const event = this.actions.push(record, index);
    this.problems.push(record, index, event);
  }

  private emit(change: JobLogChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}
