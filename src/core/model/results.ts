// Test results of a LAVA job as the Testing view and the comparison use them (issue 22).
// Every string here is server text (suite, case and message come from whoever wrote the job): untrusted.

/** LAVA's result word, mapped: `pass`, `fail`, `skip`, anything else `unknown`. */
export type CaseOutcome = 'pass' | 'fail' | 'skip' | 'unknown';

export interface CaseResult {
  /** LAVA's test definition name (`0_smoke`, `lava` for LAVA's own suite). */
  suite: string;
  /** LAVA's case name (`progress-loop`, `validate`, `file-download`, `job`). */
  name: string;
  outcome: CaseOutcome;
  /** The result word as LAVA wrote it. */
  result: string;
  /** LAVA's `measurement` (as text, as LAVA shows it) and its `units`/`unit`. */
  measurement?: string;
  unit?: string;
  /** LAVA's `duration` (seconds, as text → milliseconds), when given. */
  durationMs?: number;
  /** A failing case's message (LAVA's `error_type: error_msg` for its own cases), when given. */
  message?: string;
  /**
   * The 0-based line of output.yaml of its `results` record (the JobLog's record index; LAVA's
   * `start_log_line` when read over REST): where the job log document shows it.
   */
  logIndex?: number;
}

/** How one case changed between two runs (`Compare with Previous Run`). */
export type CaseChange = 'newly-failing' | 'newly-passing' | 'still-failing' | 'new' | 'gone' | 'measurement-moved' | 'unchanged';

export interface CaseComparison {
  suite: string;
  name: string;
  change: CaseChange;
  before?: CaseResult;
  after?: CaseResult;
}
