/** What one poll of a job's log brought. */
export interface LogBatch {
  /** Text to append, already formatted; "" when nothing new. */
  text: string;
  /** True when the job is over and `text` is the last of its log. */
  finished: boolean;
  /** Set when the log restarted or shrank: `text` is from its beginning again. */
  restarted?: boolean;
  /** A status line for the user (e.g. "waiting for a device"), once per change. */
  status?: string;
  /** How the job ended, when `finished` and the protocol knows it. */
  outcome?: JobOutcome;
  /** The answer was cut at the source's page size: ask again at once. */
  more?: boolean;
  /** The source knows nothing can change sooner: wait at least this long before the next poll. */
  waitMs?: number;
}

export type JobHealth = 'Unknown' | 'Complete' | 'Incomplete' | 'Canceled';

export interface JobOutcome {
  health: JobHealth;
  /** Why an Incomplete/Canceled job ended, when the server says. */
  reason?: string;
  /** Test cases seen in the log, by result (`pass`, `fail`, `skip`, `unknown`). */
  results?: Record<string, number>;
}

/**
 * One protocol's view of one job's log. A source keeps its own offset and only
 * advances it when `next` returns, so a failed poll is retried at the same
 * offset: no byte lost, none twice.
 */
export interface LogSource {
  next(signal: AbortSignal): Promise<LogBatch>;
}
