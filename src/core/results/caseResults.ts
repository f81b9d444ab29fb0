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

/** The case a `results` record stands for; undefined for any other record or one without a case. */
export function caseFromRecord(record: LogRecord, index: number): CaseResult | undefined {
  void record;
  void index;
  return undefined; // TODO
}

/** A case of LAVA's test list. */
export function caseFromRest(test: TestCase): CaseResult {
  return { suite: test.suite, name: test.name, outcome: outcomeOf(test.result), result: test.result };
}

/** The collected test cases of one job. */
export class CaseResults {
  private list: CaseResult[] = [];
  private completeValue = false;
  private readonly changes = new Emitter<readonly CaseResult[]>();
  /** Fires with the cases just added (after `reconcile`: every case, the set having been replaced). */
  readonly onDidChange = this.changes.event;

  /** Cases in log order. */
  get cases(): readonly CaseResult[] {
    return this.list;
  }

  /** True once `reconcile` was given the server's whole list. */
  get complete(): boolean {
    return this.completeValue;
  }

  /** A log record at its 0-based line of output.yaml: a `results` record adds a case. */
  add(record: LogRecord, index: number): void {
    void record;
    void index; // TODO
  }

  /** LAVA's test list, read at the end: REST wins on result and measurement; `complete` when it was read to its end. */
  reconcile(rest: readonly TestCase[], complete: boolean): void {
    void rest;
    this.completeValue = complete; // TODO
  }

  /** The log starts again: no case. */
  restart(): void {
    this.list = [];
    this.completeValue = false;
  }
}
