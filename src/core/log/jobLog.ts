import { JobOutcome } from '../model/job';
import { ActionTree } from './actions';
import { formatBody, formatBodyStyled, FormatOptions, mayHoldStyles } from './format';
import { StyleTable } from './ansiStyles';
import { lavaAnchor, LineMap } from './lineMap';
import { ProblemCollector } from './problems';
import { CaseResults } from '../results/caseResults';
import { LogRecord } from './records';
import { RecordStore } from './recordStore';
import { sanitizeLogText } from '../untrusted/sanitize';
import { Emitter } from '../util/emitter';

/**
 * One line of a REST log as it arrived: its 0-based line in LAVA's output.yaml, its record, and
 * its body when the caller has it already (else it is formatted here): exactly format.ts
 * `formatBody(record)`, which is made safe (the log keeps it as it is).
 */
export interface LogLine {
  index: number;
  record: LogRecord;
  body?: string;
}

/** What changed in a job's log. */
export type JobLogChange = { kind: 'appended' } | { kind: 'restarted' } | { kind: 'finished' };

/** Stands for a blank line of output.yaml for the pipeline and the problems. */
const BLANK: LogRecord = { dt: '', lvl: 'blank', msg: '' };

/**
 * The log of one job as the extension holds it, shared by the job's Output channel and
 * its documents: each record once, as what a document shows of it (so a document can be
 * rendered again with other levels or times without asking the server or parsing again),
 * LAVA's pipeline (actions) and the problems found so far. REST logs are records; a log-tail
 * log is text.
 */
export class JobLog {
  readonly actions = new ActionTree();
  readonly problems = new ProblemCollector(this.actions);
  /** The test cases of the `results` records so far (and, once read, LAVA's test list). */
  readonly results = new CaseResults();
  /** The board's colours in this log (ansiStyles.ts): at most MAX_STYLES distinct ones. */
  readonly styles = new StyleTable();
  /** REST: every record's body, level and time (recordStore.ts). */
  private readonly store = new RecordStore();
  /** log-tail: the text, sanitized, in the pieces it came in. */
  private readonly pieces: string[] = [];
  private chars = 0;
  private kindValue: 'records' | 'text' | undefined;
  private outcomeValue?: JobOutcome;
  private finishedValue = false;
  private readonly changes = new Emitter<JobLogChange>();
  /** Fires after lines, text, a restart or the end were taken in. */
  readonly onDidChange = this.changes.event;

  /** `records` for a REST log, `text` for log-tail, undefined until something arrived. */
  get kind(): 'records' | 'text' | undefined {
    return this.kindValue;
  }

  /** Records (= lines of output.yaml) so far. */
  get recordCount(): number {
    return this.store.count;
  }

  /** Characters held (records' bodies or text): what a document of this log costs. */
  get size(): number {
    return this.kindValue === 'records' ? this.store.size : this.chars;
  }

  get finished(): boolean {
    return this.finishedValue;
  }

  get outcome(): JobOutcome | undefined {
    return this.outcomeValue;
  }

  /** The level of the record at a 0-based line of output.yaml ('blank' for a blank line or out of range). */
  level(index: number): string {
    return this.store.level(index);
  }

  /** The anchor of a record on LAVA's job page (lineMap.ts `lavaAnchor`), from what the log keeps of it. */
  anchor(index: number): string | undefined {
    const body = this.store.body(index);
    const nl = body.indexOf('\n');
    return lavaAnchor({ dt: '', lvl: this.level(index), msg: nl < 0 ? body : body.slice(0, nl) }, index);
  }

  /** The REST records as a document shows them with `format`, their lines appended to `lines`. */
  render(format: FormatOptions, lines: LineMap): string {
    return this.store.render(format, lines);
  }

  /** Where the records not yet in `lines` land in a document shown with `format`'s levels (no text made). */
  mapLines(format: Pick<FormatOptions, 'levels'>, lines: LineMap): void {
    this.store.mapLines(format, lines);
  }

  /**
   * The styled ranges of a record's lines (`[line, start, end, styleId]` per range: line within the
   * record's lines, columns within that line without its time column; ids into `styles`).
   */
  spansOf(index: number): number[] {
    return this.store.spansOf(index);
  }

  /** A record's lines without their time, as its document shows them ('' for a blank line). */
  body(index: number): string {
    return this.store.body(index);
  }

  /** REST lines, in order; a gap in their indices is blank lines. */
  addLines(lines: readonly LogLine[]): void {
    if (lines.length === 0) return;
    this.kindValue = 'records';
    const first = this.store.added;
    for (const { index, record, body } of lines) {
      if (index < this.store.added) continue; // a page read again: seen already
      while (this.store.added < index) {
        this.store.addBlank();
        this.observe(BLANK, this.store.added - 1);
      }
      if (mayHoldStyles(record)) {
        // The board's colours: read from the message; the body stays the one given (the same text).
        const styled = formatBodyStyled(record, this.styles);
        const same = body === undefined || body === styled.body;
        this.store.add(record.lvl, record.dt, body ?? styled.body, same ? styled.spans : undefined);
      } else this.store.add(record.lvl, record.dt, body ?? formatBody(record));
      this.observe(record, index);
    }
    if (this.store.added === first) return;
    this.store.seal();
    this.results.flush();
    this.changes.fire({ kind: 'appended' });
  }

  /** log-tail text. */
  addText(text: string): void {
    if (!text) return;
    this.kindValue = 'text';
    const clean = sanitizeLogText(text);
    this.pieces.push(clean);
    this.chars += clean.length;
    this.changes.fire({ kind: 'appended' });
  }

  /** The log-tail log restarted on the server: its text starts again. */
  restart(): void {
    if (this.kindValue !== 'text') return;
    this.pieces.length = 0;
    this.chars = 0;
    this.results.restart();
    this.changes.fire({ kind: 'restarted' });
  }

  finish(outcome?: JobOutcome): void {
    if (this.finishedValue) return;
    this.finishedValue = true;
    this.outcomeValue = outcome;
    this.actions.finish();
    this.changes.fire({ kind: 'finished' });
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

  /** LAVA's pipeline and the problems see every line, blank ones too. */
  private observe(record: LogRecord, index: number): void {
    const event = this.actions.push(record, index);
    this.problems.push(record, index, event);
    if (record.lvl === 'results') this.results.add(record, index);
  }
}
