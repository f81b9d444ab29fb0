// GET /scheduler/job/{id}/log_pipeline_incremental?line=N : the web UI's log poll
// (session auth only: tokens are ignored, a private job is 403 for API clients).
import { readData } from './fixtures';
import { html, htmlError, pythonJsonDumps, Reply } from './respond';
import { RestJob } from './restJob';

export function pipelineReply(job: RestJob | undefined, query: URLSearchParams, protectPrivate: boolean): Reply {
  if (!job) return htmlError(404, 'Not Found');
  if (job.isPrivate && protectPrivate) return htmlError(403, 'Permission denied');
  const raw = query.get('line') ?? '0';
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) return html(500, readData('complete/logs-finished-start-negative.html'));
  const first = Math.max(0, parseInt(raw, 10));
  // LAVA looks the case up by suite and name: repeated names all get the first case's id
  const firstId = new Map<string, number>();
  for (const c of job.testCases) if (!firstId.has(`${c.suite}/${c.name}`)) firstId.set(`${c.suite}/${c.name}`, c.id);
  const caseIds = new Map(job.testCases.map((c) => [c.line, firstId.get(`${c.suite}/${c.name}`)]));
  const lines = job.lines(first);
  const entries = lines.map((line, k) => {
    const rec = job.parsedRecord(first + k);
    const id = caseIds.get(first + k);
    if (id !== undefined && rec.msg && typeof rec.msg === 'object' && !Array.isArray(rec.msg)) rec.msg = { ...rec.msg, case_id: id };
    return rec;
  });
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (job.state() === 'Finished') headers['X-Is-Finished'] = '1';
  Object.assign(headers, {
    'X-Frame-Options': 'DENY',
    Vary: 'Cookie',
    'X-Content-Type-Options': 'nosniff',
    'X-XSS-Protection': '1; mode=block',
    'Referrer-Policy': 'same-origin',
  });
  return { status: 200, headers, body: pythonJsonDumps(entries) };
}
