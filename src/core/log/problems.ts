/**
 * Problems of a LAVA job log (for a Problems panel / diagnostics), collected
 * as records arrive:
 *
 * - every `error` and `exception` record (severity error), in the server's
 *   words (the message as logged; a non-string message as JSON);
 * - every failed test case: a `results` record whose `result` is `fail`
 *   (severity error), named `definition/case` (`definition/set/case` with a
 *   test set), with the error LAVA attached when there is one (`error_type:
 *   error_msg` on the job's own `lava/job` case, `extra.fail` on an action's);
 * - timing, like LAVA's Timing tab (lava_scheduler_app/views.py `job_timing`
 *   and templates/lava_scheduler_app/job_timing.html): an action whose
 *   duration is ≥ 85 % of its timeout (`duration >= timeout * 0.85`, the row
 *   class `tr-warning`) is a warning; one whose duration is ≥ its timeout
 *   (`action.2 >= action.3`, row `tr-danger`) is an error.  Only actions that
 *   ended with a duration and whose start gave a timeout: LAVA's page puts 0
 *   for an unknown timeout and so flags every action whose start line is
 *   missing; that is not repeated here.
 *
 * Each problem names the action the record belongs to: the innermost open
 * action when it was logged; for an action's own result (it carries `level`
 * and `namespace`, logged just after the action's `end:`) and for a timing
 * problem, that action.
 */
import { plainLine } from '../untrusted/plainForSurface';
import { ActionEvent, ActionTree, LogAction, secondsToHms } from './actions';
import { symbolName } from './folding';
import type { LogRecord } from './records';
import { ownText } from '../util/detachedCopy';

export type ProblemSeverity = 'error' | 'warning';
export type ProblemKind = 'error' | 'exception' | 'test-failure' | 'timing';

export interface Problem {
  kind: ProblemKind;
  severity: ProblemSeverity;
  /** Record index: the record itself; for timing, the action's `end:` line. */
  index: number;
  /** Plain text. */
  message: string;
  /** The action it belongs to, if any. */
  action: LogAction | undefined;
  /** test-failure: `definition` (the suite), `set` when logged, and `case`. */
  suite?: string;
  testSet?: string;
  testCase?: string;
  /** timing: the numbers compared (seconds). */
  durationSeconds?: number;
  timeoutSeconds?: number;
}

/** LAVA's Timing-tab threshold: `duration >= timeout * 0.85`. */
export const TIMING_WARNING_RATIO = 0.85;

/**
 * LAVA's Timing-tab classes for an action: 'danger' (`duration >= timeout`),
 * 'warning' (`duration >= timeout * 0.85`), or undefined.
 */
export function timingClass(durationSeconds: number, timeoutSeconds: number): 'danger' | 'warning' | undefined {
  if (durationSeconds >= timeoutSeconds) return 'danger';
  if (durationSeconds >= timeoutSeconds * TIMING_WARNING_RATIO) return 'warning';
  return undefined;
}

/** The timing problem of an ended action, if LAVA's Timing tab would flag it. */
export function timingProblem(a: LogAction): Problem | undefined {
  if (a.state !== 'ended' || a.endIndex === undefined) return undefined;
  const d = a.durationSeconds;
  const t = a.timeoutSeconds;
  if (d === undefined || t === undefined) return undefined;
  const cls = timingClass(d, t);
  if (cls === undefined) return undefined;
  const pct = t > 0 ? Math.round((d / t) * 100) : 100;
  const what = `${a.level} ${a.name}`;
  const message =
    cls === 'danger'
      ? `${what} took ${secondsToHms(d)}, its whole timeout of ${secondsToHms(t)}`
      : `${what} took ${secondsToHms(d)}, ${pct}% of its timeout of ${secondsToHms(t)}`;
  return {
    kind: 'timing',
    severity: cls === 'danger' ? 'error' : 'warning',
    index: a.endIndex,
    message,
    action: a,
    durationSeconds: d,
    timeoutSeconds: t,
  };
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s;
  } catch {
    return String(v);
  }
}

function nonEmpty(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/** The failed test case of a `results` record, or undefined when it did not fail. */
export function testFailure(rec: LogRecord, index: number, action: LogAction | undefined): Problem | undefined {
  if (rec.lvl !== 'results') return undefined;
  const m = rec.msg;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return undefined;
  if (m.result !== 'fail') return undefined;
  const suite = text(m.definition);
  const testCase = text(m.case);
  const testSet = nonEmpty(m.set) ? text(m.set) : undefined;
  let message = `${suite}/${testSet !== undefined ? testSet + '/' : ''}${testCase}: fail`;
  const why: string[] = [];
  if (nonEmpty(m.error_type) && nonEmpty(m.error_msg)) why.push(`${text(m.error_type)}: ${text(m.error_msg)}`);
  else if (nonEmpty(m.error_type)) why.push(text(m.error_type));
  else if (nonEmpty(m.error_msg)) why.push(text(m.error_msg));
  const extra = m.extra;
  if (typeof extra === 'object' && extra !== null && !Array.isArray(extra)) {
    const fail = (extra as Record<string, unknown>).fail;
    if (nonEmpty(fail)) why.push(text(fail));
  }
  if (why.length > 0) message += ' — ' + why.join('; ');
  return {
    kind: 'test-failure',
    severity: 'error',
    index,
    message: ownText(plainLine(message)),
    action,
    suite: ownText(suite),
    testSet: testSet === undefined ? undefined : ownText(testSet),
    testCase: ownText(testCase),
  };
}

/**
 * Collects problems as records arrive.  Feed each record to the ActionTree
 * first, then here with what the tree returned:
 *
 *     const ev = tree.push(rec, i);
 *     problems.push(rec, i, ev);
 */
export class ProblemCollector {
  readonly problems: Problem[] = [];

  constructor(private readonly tree: ActionTree) {}

  /** Returns the problems this record added (usually none). */
  push(rec: LogRecord, index: number, event: ActionEvent | undefined): Problem[] {
    const added: Problem[] = [];
    const lvl = rec.lvl;
    if (lvl === 'error' || lvl === 'exception') {
      added.push({ kind: lvl, severity: 'error', index, message: ownText(plainLine(text(rec.msg))), action: this.tree.current });
    } else if (lvl === 'results') {
      const p = testFailure(rec, index, this.resultAction(rec));
      if (p !== undefined) added.push(p);
    } else if (event !== undefined && event.kind === 'end') {
      const p = timingProblem(event.action);
      if (p !== undefined) added.push(p);
    }
    for (const p of added) this.problems.push(p);
    return added;
  }

  /** An action's own result (`level`, `namespace` in it) names the action that just ended. */
  private resultAction(rec: LogRecord): LogAction | undefined {
    const m = rec.msg as Record<string, unknown>;
    const ended = this.tree.lastEnded;
    if (
      ended !== undefined &&
      typeof m.level === 'string' &&
      m.level === ended.level &&
      (m.namespace === undefined || m.namespace === ended.namespace)
    ) {
      return ended;
    }
    return this.tree.current;
  }
}

/**
 * A problem as the Problems panel shows it: its message (plain since it was collected) and the
 * action it belongs to, on one line with nothing acting in it (core/untrusted/plainForSurface.ts plainLine).
 */
export function problemDiagnosticText(problem: Problem): string {
  const where = problem.action ? ` (in ${symbolName(problem.action)})` : '';
  return plainLine(problem.message + where);
}
