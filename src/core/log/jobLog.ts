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
  /** REST: raw line of each record index ('' for blank lines). */
  private readonly raw: string[] = [];
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
    return this.raw.length;
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
    const line = this.raw[index];
    return line ? parseRecordLine(line) : BLANK;
  }

  /** REST lines, in order; a gap in their indices is blank lines. */
  addLines(lines: readonly LogLine[]): void {
    if (lines.length === 0) return;
    this.kindValue = 'records';
    for (const { index, line, record } of lines) {
      if (index < this.raw.length) continue; // seen already (a page read again)
      while (this.raw.length < index) this.push('', BLANK);
      this.push(line, record);
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

  private push(line: string, record: LogRecord): void {
    const index = this.raw.length;
    this.raw.push(line);
    this.chars += line.length + 1;
    const event = this.actions.push(record, index);
    this.problems.push(record, index, event);
  }

  private emit(change: JobLogChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}
