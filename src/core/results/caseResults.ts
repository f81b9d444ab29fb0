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
import { bound } from '../untrusted/sanitize';
import { ownText } from '../util/detachedCopy';
import { Emitter } from '../util/emitter';

/**
 * What is read of a log record (core/log/records.ts `LogRecord` fits): its level and message. Not
 * imported from core/log, which holds a CaseResults (scripts/check-cycles.mjs).
 */
export interface ResultsRecord {
  lvl: string;
  msg: unknown;
}

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
export function caseFromRecord(record: ResultsRecord, index: number): CaseResult | undefined {
  if (record.lvl !== 'results' || typeof record.msg !== 'object' || record.msg === null || Array.isArray(record.msg)) return undefined;
  const msg = record.msg as Record<string, unknown>;
  const suite = word(msg.definition);
  const name = word(msg.case)?.trim(); // LAVA stores `case.strip()`: the names then match the server's
  if (suite === undefined || !name) return undefined;
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

/** Bounded, and copied (util/detachedCopy.ts): a name kept for the job's lifetime holds no page of the log alive. */
function field(text: string): string {
  return ownText(bound(text, MAX_FIELD_CHARS));
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
  return message ? ownText(bound(message, MAX_MESSAGE_CHARS)) : undefined;
}

/**
 * Cases by suite and name, each name's cases in order, to match two lists case by case: the n-th
 * `take(suite, name)` gives the n-th case of that name (its occurrence n). Nested maps, no joined
 * key: 10 000 cases index in a few milliseconds.
 */
export class CaseIndex {
  private readonly bySuite = new Map<string, Map<string, { cases: CaseResult[]; next: number }>>();
  private readonly taken = new Set<CaseResult>();

  constructor(private readonly all: readonly CaseResult[]) {
    for (const c of all) {
      let names = this.bySuite.get(c.suite);
      if (!names) this.bySuite.set(c.suite, (names = new Map()));
      const entry = names.get(c.name);
      if (entry) entry.cases.push(c);
      else names.set(c.name, { cases: [c], next: 0 });
    }
  }

  /** The next case of this suite and name not taken yet; undefined when there is none left. */
  take(suite: string, name: string): CaseResult | undefined {
    const entry = this.bySuite.get(suite)?.get(name);
    if (!entry || entry.next >= entry.cases.length) return undefined;
    const c = entry.cases[entry.next++];
    this.taken.add(c);
    return c;
  }

  /** The cases never taken, in their order. */
  rest(): CaseResult[] {
    return this.taken.size === this.all.length ? [] : this.all.filter((c) => !this.taken.has(c));
  }
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
  /** A late record gave a case its line since the last flush. */
  private relined = false;
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
  add(record: ResultsRecord, index: number): void {
    if (record.lvl !== 'results') return;
    const c = caseFromRecord(record, index);
    if (!c) return;
    if (this.completeValue) {
      this.lateRecord(c);
      return;
    }
    if (this.list.length >= MAX_CASES) {
      this.droppedValue++;
      return;
    }
    this.list.push(c);
    this.pending.push(c);
  }

  /**
   * A record read after the server's whole list (the log's last lines came after it): the case is in
   * the set already; it only gives its line to the first case of its suite and name that has none.
   */
  private lateRecord(c: CaseResult): void {
    const i = this.list.findIndex((x) => x.logIndex === undefined && x.suite === c.suite && x.name === c.name);
    if (i < 0) return;
    this.list[i] = { ...this.list[i], logIndex: c.logIndex };
    this.relined = true;
  }

  /** Announces the cases added since the last flush (nothing when none); after a late record, the whole set. */
  flush(): void {
    if (this.relined) {
      this.relined = false;
      this.pending = [];
      this.changes.fire(this.list);
      return;
    }
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
    const fromRecords = new CaseIndex(this.list);
    const merged: CaseResult[] = [];
    for (let i = 0; i < rest.length && i < MAX_CASES; i++) {
      const c = caseFromRest(rest[i]);
      const seen = fromRecords.take(c.suite, c.name);
      if (seen) {
        if (seen.logIndex !== undefined) c.logIndex = seen.logIndex;
        if (c.durationMs === undefined && seen.durationMs !== undefined) c.durationMs = seen.durationMs;
        if (seen.message !== undefined) c.message = seen.message;
      }
      merged.push(c);
    }
    if (!complete) for (const c of fromRecords.rest()) if (merged.length < MAX_CASES) merged.push(c);
    // Log order whatever the server's (LAVA's list has no ordering of its own); a case without a line last.
    const end = Number.MAX_SAFE_INTEGER;
    const at = (c: CaseResult) => c.logIndex ?? end;
    if (merged.some((c, i) => i > 0 && at(merged[i - 1]) > at(c))) merged.sort((a, b) => at(a) - at(b));
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
