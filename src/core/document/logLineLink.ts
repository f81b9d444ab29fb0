import { jobLogUri, parseJobLogUri } from './jobLogUri';

/** The command a results link runs: opens the job log and puts the cursor on a record's line. */
export const REVEAL_LOG_LINE = 'lava.revealLogLine';

/** A record of a job's log: its 0-based line in LAVA's output.yaml (LAVA's `L<n>`, `start_log_line`). */
export interface LogLineTarget {
  serverUrl: string;
  jobId: string;
  recordIndex: number;
}

/**
 * The target of `lava.revealLogLine` from its arguments, or undefined when they are not an
 * http(s) server URL, a numeric job id and a non-negative integer (the arguments of a
 * command link can come from any Markdown: nothing else is accepted).
 */
export function logLineTarget(serverUrl: unknown, jobId: unknown, recordIndex: unknown): LogLineTarget | undefined {
  if (typeof serverUrl !== 'string' || typeof jobId !== 'string') return undefined;
  if (typeof recordIndex !== 'number' || !Number.isSafeInteger(recordIndex) || recordIndex < 0) return undefined;
  if (!parseJobLogUri(jobLogUri({ serverUrl, jobId }))) return undefined;
  return { serverUrl, jobId, recordIndex };
}

/**
 * `command:lava.revealLogLine?<arguments>` for a Markdown link: the arguments are JSON,
 * percent-encoded down to every character that could end or change a Markdown link
 * destination (`(` `)` and the others encodeURIComponent leaves).
 */
export function revealLogLineUri(target: LogLineTarget): string {
  const args = JSON.stringify([target.serverUrl, target.jobId, target.recordIndex]);
  const encoded = encodeURIComponent(args).replace(/[!'()*~]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase());
  return `command:${REVEAL_LOG_LINE}?${encoded}`;
}
