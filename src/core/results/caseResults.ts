/**
 * A job's test cases as they arrive: from the log's `results` records while the job runs, then
 * made exact by LAVA's test list (`GET /api/v0.2/jobs/<id>/tests/`) read at the end.
 *
 * What LAVA does (lava_dispatcher `logger.results`, lava_results_app/dbutils.py `map_scanned_results`):
 * every case is one `lvl: results` record whose `msg` is a mapping: `definition` (the suite: `lava` for
 * LAVA's own cases, `0_smoke` for the first test definition), `case`, `result` (`pass`, `fail`, `skip`,
 * `unknown`), for a user case an optional `measurement` (a number) and `units`, for LAVA's cases an
 * optional `duration` (seconds, as text) and for its `job` case `error_type`/`error_msg`. The server
 * stores each such record as a TestCase: for the `lava` suite `duration` becomes its measurement with
 * unit `seconds`; a user case keeps its measurement and units. A case name may repeat (two
 * `file-download` cases): cases are told apart by suite, name and occurrence.
 *
 * Every string is server text: kept as written (bounded), shown only through an escaper.
 */
import type { TestCase } from '../model/job';
import type { CaseOutcome, CaseResult } from '../model/results';
import type { LogRecord } from '../log/records';
import { bound } from '../untrusted/sanitize';
import { Emitter } from '../util/emitter';

/** The most cases a job keeps (later ones are counted in `dropped`, not kept). */
export const MAX_CASES = 50_000;
/** The longest suite, case name, result, measurement or unit kept (characters; longer is cut with `…`). */
export const MAX_FIELD_CHARS = 256;
/** The longest message kept (characters). */
export const MAX_MESSAGE_CHARS = 2048;

/** LAVA's result word as an outcome. */
export function outcomeOf(result: string): CaseOutcome {
  return result === 'pass' || result === 'fail' || result === 'skip' ? result : 'unknown';
}

/** The case a `results` record stands for; undefined for any other record or one without a suite or case name. */
export function caseFromRecord(record: LogRecord, index: number): CaseResult | undefined {
  const msg = record.msg;
  if (record.lvl !== 'results' || typeof msg !== 'object' || msg === null || Array.isArray(msg)) return undefined;
  const suite = word(msg.definition);
  const name = word(msg.case);
  if (suite === undefined || name === undefined) return undefined;
  const result = word(msg.result) ?? 'unknown';
  const c: CaseResult = { suite: field(suite), name: field(name), outcome: outcomeOf(result), result: field(result), logIndex: index };
  const durationMs = millis(msg.duration);
  if (durationMs !== undefined) c.durationMs = durationMs;
  if (suite !== LAVA_SUITE) {
    const measurement = word(msg.measurement);
    if (measurement !== undefined) c.measurement = field(measurement);
    const unit = word(msg.units) ?? word(msg.unit);
    if (unit) c.unit = field(unit);
  }
  const message = messageOf(msg);
  if (message) c.message = message;
  return c;
}

/** LAVA's own suite: its cases' `duration` is what the server stores as their measurement (unit `seconds`). */
export const LAVA_SUITE = 'lava';

/** A case of LAVA's test list (for the `lava` suite, its measurement in seconds is the case's duration). */
export function caseFromRest(test: TestCase): CaseResult {
  const c: CaseResult = { suite: field(test.suite), name: field(test.name), outcome: outcomeOf(test.result), result: field(test.result) };
  if (test.startLogLine !== undefined) c.logIndex = test.startLogLine;
  if (test.suite === LAVA_SUITE && test.unit === 'seconds') {
    const ms = millis(test.measurement);
    if (ms !== undefined) c.durationMs = ms;
  } else {
    if (test.measurement !== undefined) c.measurement = field(test.measurement);
    if (test.unit) c.unit = field(test.unit);
  }
  return c;
}

/** A string, or a number or boolean YAML read from the record (`case: 1`), as text. */
function word(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function field(text: string): string {
  return bound(text, MAX_FIELD_CHARS);
}

/** Seconds (text or number) as whole milliseconds; undefined unless a finite, non-negative number. */
function millis(value: unknown): number | undefined {
  const text = word(value);
  if (text === undefined || !/^\s*\d+(\.\d*)?([eE][-+]?\d+)?\s*$/.test(text)) return undefined;
  const ms = Math.round(Number(text) * 1000);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** LAVA's `error_type: error_msg` (its `job` case), else the `fail` reason LAVA puts in `extra`. */
function messageOf(msg: Record<string, unknown>): string | undefined {
  const type = word(msg.error_type);
  const text = word(msg.error_msg);
  const extra = msg.extra;
  const reason =
    typeof extra === 'object' && extra !== null && !Array.isArray(extra) ? word((extra as Record<string, unknown>).fail) : undefined;
  const message = type && text ? `${type}: ${text}` : (text ?? type ?? reason);
  return message ? bound(message, MAX_MESSAGE_CHARS) : undefined;
}

/** Suite, name and occurrence (0 for the first case of that name in its suite): what tells two cases apart. */
export function caseKeys(cases: readonly CaseResult[]): string[] {
  const seen = new Map<string, number>();
  return cases.map((c) => {
    const base = `${c.suite}\u0000${c.name}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}\u0000${n}`;
  });
}

/**
 * The collected test cases of one job.
 *
 * `onDidChange` fires with the cases just added, once per `flush` (JobLog flushes after each batch of
 * lines); after `reconcile` or `restart` the set was replaced: it fires with the whole set, the very
 * array `cases` returns (`value === results.cases` tells a consumer to start again from it).
 */
export class CaseResults {
  private list: CaseResult[] = [];
  private pending: CaseResult[] = [];
  private completeValue = false;
  private droppedValue = 0;
  private readonly changes = new Emitter<readonly CaseResult[]>();
  readonly onDidChange = this.changes.event;

  /** Cases in log order (a case only the server has, without a line: last, in the server's order). */
  get cases(): readonly CaseResult[] {
    return this.list;
  }

  /** True once `reconcile` was given the server's whole list. */
  get complete(): boolean {
    return this.completeValue;
  }

  /** Cases not kept (beyond MAX_CASES). */
  get dropped(): number {
    return this.droppedValue;
  }

  /** A log record at its 0-based line of output.yaml: a `results` record adds a case (announced at `flush`). */
  add(record: LogRecord, index: number): void {
    if (record.lvl !== 'results') return;
    const c = caseFromRecord(record, index);
    if (!c) return;
    if (this.list.length >= MAX_CASES) {
      this.droppedValue++;
      return;
    }
    this.list.push(c);
    this.pending.push(c);
  }

  /** Announces the cases added since the last flush (nothing when none). */
  flush(): void {
    if (this.pending.length === 0) return;
    const added = this.pending;
    this.pending = [];
    this.changes.fire(added);
  }

  /**
   * LAVA's test list, read at the end (`complete` when it was read to its end): the set becomes the
   * server's. A case is matched by suite, name and occurrence; the server's result and measurement win;
   * its line is the record's (else the server's `start_log_line`), its duration and message the record's
   * when the server has none. A case only the records have is dropped when the list is complete (kept
   * when not). The set is then in log order.
   */
  reconcile(rest: readonly TestCase[], complete: boolean): void {
    const fromRecords = new Map<string, CaseResult>();
    const keys = caseKeys(this.list);
    for (let i = 0; i < keys.length; i++) fromRecords.set(keys[i], this.list[i]);
    const served = rest.slice(0, MAX_CASES).map(caseFromRest);
    const merged: CaseResult[] = [];
    const servedKeys = caseKeys(served);
    for (let i = 0; i < served.length; i++) {
      const c = served[i];
      const seen = fromRecords.get(servedKeys[i]);
      if (seen) {
        fromRecords.delete(servedKeys[i]);
        if (seen.logIndex !== undefined) c.logIndex = seen.logIndex;
        if (c.durationMs === undefined && seen.durationMs !== undefined) c.durationMs = seen.durationMs;
        if (seen.message !== undefined) c.message = seen.message;
      }
      merged.push(c);
    }
    if (!complete) for (const c of fromRecords.values()) if (merged.length < MAX_CASES) merged.push(c);
    // Log order whatever the server's (LAVA's list has no ordering of its own); a case without a line last.
    const end = Number.MAX_SAFE_INTEGER;
    merged.sort((a, b) => (a.logIndex ?? end) - (b.logIndex ?? end));
    this.droppedValue = Math.max(0, rest.length - MAX_CASES);
    this.list = merged;
    this.pending = [];
    this.completeValue = complete;
    this.changes.fire(this.list);
  }

  /** The log starts again: no case (announced with the new, empty set). */
  restart(): void {
    this.list = [];
    this.pending = [];
    this.completeValue = false;
    this.droppedValue = 0;
    this.changes.fire(this.list);
  }
}
