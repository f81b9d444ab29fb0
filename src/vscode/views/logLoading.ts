import * as vscode from 'vscode';
import { Clock, systemClock } from '../../core/util/clock';
import type { JobLog } from '../../core/log/jobLog';
import { LOG_LOADING } from '../../core/text/uiText';
import { withCancellableProgress } from './cancellableProgress';
import { JobLogDocuments } from './jobLogDocuments';

/** How often a wait looks at the log (and updates its progress). */
const STEP_MS = 250;
/** A log that has not grown for this long is caught up (a running job: LAVA uploads every 5 s). */
export const QUIET_MS = 2000;
/** A log still growing this long after opening is a large one: its reading shows progress. */
export const OPEN_GRACE_MS = 1000;

export type WaitEnd = 'done' | 'quiet' | 'cancelled' | 'timeout';

/** What the progress says of a log read so far: lines (REST) or megabytes (log-tail text). */
export function readSoFar(log: JobLog | undefined): string {
  if (!log) return '';
  return log.kind === 'text' ? LOG_LOADING.charactersRead(log.size) : LOG_LOADING.linesRead(log.recordCount);
}

/**
 * Waits while a job-log document is being read: until `done()`, until the log has not grown for
 * QUIET_MS (caught up with a running job), `maxMs`, or `signal` aborts. Reports what was read.
 */
export async function waitWhileReading(
  documents: JobLogDocuments,
  uri: vscode.Uri,
  done: () => boolean,
  opts: { clock?: Clock; maxMs?: number; signal?: AbortSignal; progress?: vscode.Progress<{ message?: string }> } = {},
): Promise<WaitEnd> {
  const clock = opts.clock ?? systemClock;
  const start = clock.now();
  let size = -1;
  let quietSince = start;
  for (;;) {
    if (done()) return 'done';
    if (opts.signal?.aborted) return 'cancelled';
    const log = documents.logOf(uri);
    const now = log?.size ?? -1;
    if (now !== size) {
      size = now;
      quietSince = clock.now();
      opts.progress?.report({ message: readSoFar(log) });
    } else if (now >= 0 && clock.now() - quietSince >= QUIET_MS) return 'quiet';
    if (clock.now() - start >= (opts.maxMs ?? 60_000)) return 'timeout';
    try {
      await clock.sleep(STEP_MS, opts.signal);
    } catch {
      return 'cancelled';
    }
  }
}

/**
 * Opening a job log: when its log is still being read OPEN_GRACE_MS later (a large finished
 * log, page after page), a progress notification says how much was read, until the document
 * holds it all; Cancel stops reading it (`stop`: the document keeps what it has).
 */
export async function showReadingProgress(
  documents: JobLogDocuments,
  uri: vscode.Uri,
  stop: (uri: vscode.Uri) => void,
  clock: Clock = systemClock,
): Promise<WaitEnd | undefined> {
  const before = documents.logOf(uri)?.size ?? -1;
  await clock.sleep(OPEN_GRACE_MS);
  const log = documents.logOf(uri);
  // Complete already, not followed, or not growing (a running job between LAVA's uploads): nothing to show.
  if (!log || documents.isComplete(uri) || log.size === before) return undefined;
  const jobId = JobLogDocuments.address(uri)?.jobId ?? '';
  const end = await withCancellableProgress(LOG_LOADING.reading(jobId), (signal, progress) =>
    waitWhileReading(documents, uri, () => documents.isComplete(uri), { clock, signal, progress, maxMs: 30 * 60_000 }),
  );
  if (end === 'cancelled') stop(uri);
  return end;
}
