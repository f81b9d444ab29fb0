// GET /lava-server/job/{id}/log-tail?start=N  (the 2011 LAVA log-tail protocol).
import { LogTailJob } from './growingLog';
import { Reply, pythonJsonDumps } from './respond';

function plain(status: number, text: string): Reply {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text };
}

export type LogTailAuth = 'ok' | 'missing' | 'wrong';

export function logTailReply(job: LogTailJob | undefined, query: URLSearchParams, auth: LogTailAuth): Reply {
  if (auth === 'missing') return plain(401, 'Authentication credentials were not provided.\n');
  if (auth === 'wrong') return plain(403, 'Invalid token.\n');
  if (!job) return plain(404, 'Not Found\n');
  const raw = query.get('start') ?? '0';
  if (!/^\d+$/.test(raw)) return plain(400, `invalid start: ${JSON.stringify(raw)}\n`);
  const start = Number(raw);
  const size = job.servableSize;
  const total = job.logBytes.length;
  const content = start < size ? job.logBytes.subarray(start, size).toString('utf8') : '';
  const body = pythonJsonDumps({
    is_finished: size === total && start <= total,
    new_size: size,
    content,
  });
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body };
}
