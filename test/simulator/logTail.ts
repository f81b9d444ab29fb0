// GET /lava-server/job/{id}/log-tail?start=N  (the 2011 LAVA log-tail protocol).
import { LogTailJob } from './growingLog';
import { Reply, pythonJsonDumps } from './respond';

function plain(status: number, text: string): Reply {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text };
}

export type LogTailAuth = 'ok' | 'missing' | 'wrong';

/** Fault views of the answer (faults.ts); none = the normal answer. */
export interface LogTailView {
  /** new_size instead of job.servableSize (may be inside a UTF-8 character: 'utf8-split'; 0: 'restart'). */
  size?: number;
  /** Serve from 0 whatever `start` says, even an invalid one ('ignore-start'). */
  ignoreStart?: boolean;
}

/**
 * content is bytes[start:new_size] decoded as UTF-8 with U+FFFD replacement (Node's
 * Buffer.toString, like Python's decode('utf-8', 'replace')): one U+FFFD for an
 * incomplete character at the end, one per stray continuation byte at the start.
 * The normal answer never needs it: new_size is backed off to a character boundary.
 */
export function logTailReply(job: LogTailJob | undefined, query: URLSearchParams, auth: LogTailAuth, view: LogTailView = {}): Reply {
  if (auth === 'missing') return plain(401, 'Authentication credentials were not provided.\n');
  if (auth === 'wrong') return plain(403, 'Invalid token.\n');
  if (!job) return plain(404, 'Not Found\n');
  const raw = view.ignoreStart ? '0' : (query.get('start') ?? '0');
  if (!/^\d+$/.test(raw)) return plain(400, `invalid start: ${JSON.stringify(raw)}\n`);
  const start = Number(raw);
  const size = view.size ?? job.servableSize;
  const total = job.logBytes.length;
  const content = start < size ? job.logBytes.subarray(start, size).toString('utf8') : '';
  const body = pythonJsonDumps({
    is_finished: size === total && start <= total,
    new_size: size,
    content,
  });
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body };
}
