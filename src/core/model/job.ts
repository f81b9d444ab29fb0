// core/model — what a job is to every layer: how it ended, the jobs a submit created, its test cases.
// Types only: the protocols fill them, the follower and the log carry them, core/text words them.

/** How LAVA says a job ended. */
export type JobHealth = 'Unknown' | 'Complete' | 'Incomplete' | 'Canceled';

export interface JobOutcome {
  health: JobHealth;
  /** Why an Incomplete/Canceled job ended, when the server says. */
  reason?: string;
  /** Test cases seen in the log, by result (`pass`, `fail`, `skip`, `unknown`). */
  results?: Record<string, number>;
}

/** A new job as the loop follows it. */
export interface NewJob {
  /** The id the server serves ("13"). */
  id: string;
  /** MultiNode: LAVA's sub-job id ("12.1"). */
  subId?: string;
  role?: string;
  /** Why the sub-job id could not be resolved (then `id` is the dotted id, not followed). */
  unresolved?: string;
}

/** A test case of a job, as LAVA's REST API lists it. */
export interface TestCase {
  suite: string;
  name: string;
  result: string;
  measurement?: string;
  unit?: string;
  /** The case's first and last record in output.yaml (0-based, LAVA's `L<n>`), when the server gives them. */
  startLogLine?: number;
  endLogLine?: number;
}
