import type { JobOutcome } from '../model/job';
import type { LogLine } from '../log/jobLog';

/**
 * What a source hands over, as the protocol gives it: REST records (with their lines of LAVA's
 * output.yaml, not yet formatted: the sinks format them), or log-tail text (the log's bytes as
 * text, unsanitized).
 */
export type LogData = { kind: 'records'; lines: LogLine[] } | { kind: 'text'; text: string };

/** Where a source hands over what it read, as it arrives (the one way a log travels). */
export type Deliver = (data: LogData) => void;

/**
 * Something a source learnt about the job or the server, for the user (worded by core/text
 * `sourceEventText`), at most one a poll:
 * - `queued`: the job waits for a device (once per state it waits in);
 * - `no-log`: a Finished job whose log LAVA does not have;
 * - `rpc-refused`: /RPC2 refused the token as `user` (HTTP `status`): the state is read over REST;
 * - `restarted`: the log restarted or shrank on the server: what follows is from its beginning again.
 */
export type SourceEvent =
  | { kind: 'queued'; jobId: string; state: string; deviceType?: string }
  | { kind: 'no-log'; jobId: string }
  | { kind: 'rpc-refused'; server: string; user: string; status: number }
  | { kind: 'restarted' };

/** What one poll of a job's log saw (its data went to `deliver`). */
export interface LogBatch {
  /** True when the job is over and what was delivered is the last of its log. */
  finished: boolean;
  /** Something to tell the user (after this poll's data). */
  event?: SourceEvent;
  /** The job waits in the queue: its log has not begun. */
  queued?: boolean;
  /** How the job ended, when `finished` and the protocol knows it. */
  outcome?: JobOutcome;
  /** The answer was cut at the source's page size: ask again at once. */
  more?: boolean;
  /** The source knows nothing can change sooner: wait at least this long before the next poll. */
  waitMs?: number;
  /** How much of the log this poll brought (records, or bytes): activity, shown or not. */
  received?: number;
}

/**
 * One protocol's view of one job's log. A source keeps its own offset and advances it only past
 * what it has handed to `deliver` (a large answer is passed on piece by piece as it arrives
 * instead of held whole), so a failed poll is retried where the output stopped: no byte lost,
 * none twice.
 */
export interface LogSource {
  next(signal: AbortSignal, deliver: Deliver): Promise<LogBatch>;
}
