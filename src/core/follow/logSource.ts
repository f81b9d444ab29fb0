import type { JobOutcome } from '../model/job';
import type { LogLine } from '../log/jobLog';

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
  /** The job waits in the queue: its log has not begun. */
  queued?: boolean;
  /** How the job ended, when `finished` and the protocol knows it. */
  outcome?: JobOutcome;
  /** The answer was cut at the source's page size: ask again at once. */
  more?: boolean;
  /** The source knows nothing can change sooner: wait at least this long before the next poll. */
  waitMs?: number;
  /**
   * How much of the log this poll brought (records, or bytes), shown or not: a run of
   * records hidden by the level filter is activity too, so polling keeps up.
   */
  received?: number;
  /** REST: the records of `text`, with their lines of LAVA's output.yaml (for the job's document). */
  records?: LogLine[];
}

/**
 * What a source hands over while an answer is still arriving: formatted text and, REST, the
 * records it is made of (for the job's document).
 */
export type Deliver = (text: string, records?: readonly LogLine[]) => void;

/**
 * One protocol's view of one job's log. A source keeps its own offset and advances
 * it only past what it has handed over — returned in the batch, or given to
 * `deliver` as it arrives (a large answer is passed on piece by piece instead of
 * held whole) — so a failed poll is retried where the output stopped: no byte lost,
 * none twice.
 */
export interface LogSource {
  next(signal: AbortSignal, deliver: Deliver): Promise<LogBatch>;
}
