// REST API v0.2 routes (the subset a log follower uses), answering like LAVA 2023.01.
import { capturedReply, capturedWith } from './captured';
import { readData } from './fixtures';
import { filterJobs, limitOffsetPage } from './jobList';
import type { Inventory } from './inventory';
import { ALLOW_DETAIL, ALLOW_LIST, ALLOW_READ, drfHeaders, drfJson, html, htmlError, invalidToken, notFound, Reply } from './respond';
import { RestJob } from './restJob';
import { since } from './versions';

export type Caller = { kind: 'anonymous' } | { kind: 'invalid' } | { kind: 'user'; user: string; superuser: boolean };

export interface RestRequest {
  method: string;
  /** Path after the host, e.g. /api/v0.2/jobs/1/logs/ */
  path: string;
  rawQuery: string;
  /** Absolute origin as the client addressed us, e.g. http://127.0.0.1:8000 */
  origin: string;
  caller: Caller;
  /** The request's Accept header (DRF content negotiation). */
  accept?: string;
  /** Refuse anonymous callers (a LAVA instance that requires login). */
  requireToken: boolean;
  /** Hide private jobs from callers who may not see them (false: everyone sees them). */
  protectPrivate: boolean;
  /** Compute the answer without side effects (a faulted request: cancel/ does not cancel). */
  dryRun?: boolean;
  /** The LAVA release imitated (versions.ts; default 2023.01). */
  version?: string;
  /** Devices, device types and workers (inventory.ts). */
  inventory?: Inventory;
}

export const API_VERSION = '2023.01';

export function canSee(job: RestJob, caller: Caller, protectPrivate = true): boolean {
  if (!job.isPrivate || !protectPrivate) return true;
  return caller.kind === 'user' && (caller.superuser || caller.user === job.submitter);
}

const DJANGO_500 = () => html(500, readData('complete/logs-finished-start-negative.html'));

interface Route {
  allow: string;
  handle: () => Reply;
}

export function restReply(jobs: Map<string, RestJob>, req: RestRequest): Reply {
  const route = findRoute(jobs, req);
  if (!route) return htmlError(404, 'Not Found');
  // DRF negotiates on its renderers (JSON, browsable HTML) before anything else,
  // even for the logs endpoint: `Accept: application/yaml` gets a 406.
  if (!acceptable(req.accept)) return drfJson(406, { detail: 'Could not satisfy the request Accept header.' }, route.allow);
  if (req.caller.kind === 'invalid') return invalidToken(route.allow);
  if (req.requireToken && req.caller.kind === 'anonymous') {
    return drfJson(403, { detail: 'Authentication credentials were not provided.' }, route.allow);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return drfJson(405, { detail: `Method "${req.method}" not allowed.` }, route.allow);
  }
  return route.handle();
}

function findRoute(jobs: Map<string, RestJob>, req: RestRequest): Route | undefined {
  const p = req.path.slice('/api/v0.2'.length);
  const { caller, origin } = req;
  if (p === '/') return { allow: ALLOW_READ, handle: () => apiRoot(origin) };
  if (p === '/system/version/')
    return { allow: ALLOW_READ, handle: () => drfJson(200, { version: req.version ?? API_VERSION }, ALLOW_READ) };
  if (p === '/system/whoami/') {
    return { allow: ALLOW_READ, handle: () => drfJson(200, { user: caller.kind === 'user' ? caller.user : '' }, ALLOW_READ) };
  }
  if (p === '/jobs/') return { allow: ALLOW_LIST, handle: () => jobList(jobs, req) };
  if (req.inventory && (p === '/devices/' || p === '/devicetypes/' || p === '/workers/')) {
    const inventory = req.inventory;
    return { allow: ALLOW_READ, handle: () => inventory.restList(p, req.rawQuery, origin)! };
  }
  const m = /^\/jobs\/([^/]+)\/(?:(logs|tests|suites|cancel)\/)?$/.exec(p);
  if (!m) return undefined;
  const [, id, sub] = m;
  const job = jobs.get(id);
  // `/jobs/12.1/`: DRF's format suffix (pk 12, format "1") -> 404 before authentication (`Vary: Accept`)
  if (!sub && /^\d+\.\d+$/.test(id)) return { allow: ALLOW_DETAIL, handle: () => capturedReply('job-multinode-dotted-1') };
  if (sub === 'cancel') {
    // The cancel action looks the job up by integer pk itself (TestJob.objects.get): a dotted
    // id matches no URL (Django's HTML 404), an unknown pk is an uncaught DoesNotExist (500).
    if (!/^\d+$/.test(id))
      return { allow: ALLOW_READ, handle: () => capturedWith('cancel-dotted', '/api/v0.2/jobs/9.0/cancel/', req.path) };
    // 2025.10 catches DoesNotExist: DRF's NotFound
    if (!job && since(req.version ?? API_VERSION, '2025.10')) return { allow: ALLOW_READ, handle: () => notFound(ALLOW_READ) };
    if (!job) return { allow: ALLOW_READ, handle: () => capturedReply('cancel-unknown') };
    return { allow: ALLOW_READ, handle: () => cancel(jobs, job, caller, req.dryRun ?? false) };
  }
  const visible = job && canSee(job, caller, req.protectPrivate) ? job : undefined;
  const superuser = caller.kind === 'user' && caller.superuser;
  const allow = sub ? ALLOW_READ : ALLOW_DETAIL;
  if (!visible) return { allow, handle: () => notFound(allow) };
  switch (sub) {
    case undefined:
      return { allow, handle: () => drfJson(200, visible.toJson(superuser), allow) };
    case 'logs':
      return { allow, handle: () => logs(visible, req.rawQuery) };
    case 'tests':
      return { allow, handle: () => tests(visible, req) };
    default:
      return { allow, handle: () => suites(visible, req) };
  }
}

/**
 * `GET /api/v0.2/jobs/<id>/cancel/` (TestJob.cancel(user)): the submitter or a superuser
 * cancels (a MultiNode sub-job cancels its whole group); anyone else gets 403, except
 * that a job already Canceling or Finished is left alone with the same 200 answer.
 */
function cancel(jobs: Map<string, RestJob>, job: RestJob, caller: Caller, dryRun: boolean): Reply {
  const allowed = caller.kind === 'user' && (caller.superuser || caller.user === job.submitter);
  const state = job.state();
  if (!allowed) {
    if (state === 'Canceling' || state === 'Finished') return drfJson(200, { message: 'Job cancel signal sent.' }, ALLOW_READ);
    return capturedReply('cancel-noauth'); // 403 "You do not have permission to perform this action."
  }
  if (!dryRun) {
    const group = job.targetGroup === undefined ? [job] : [...jobs.values()].filter((j) => j.targetGroup === job.targetGroup);
    for (const j of group) j.cancel();
  }
  return drfJson(200, { message: 'Job cancel signal sent.' }, ALLOW_READ);
}

const RENDERED = ['application/json', 'text/html'];

function acceptable(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((part) => {
    const type = part.split(';')[0].trim().toLowerCase();
    if (type === '*/*' || type === '*') return true;
    const [main, sub] = type.split('/');
    return RENDERED.some((r) => r === type || (sub === '*' && r.startsWith(main + '/')));
  });
}

function apiRoot(origin: string): Reply {
  const names = [
    'aliases',
    'devices',
    'devicetypes',
    'jobs',
    'permissions/devicetypes',
    'permissions/devices',
    'system',
    'tags',
    'workers',
  ];
  return drfJson(200, Object.fromEntries(names.map((n) => [n, `${origin}/api/v0.2/${n}/`])), ALLOW_READ);
}

function jobList(jobs: Map<string, RestJob>, req: RestRequest): Reply {
  const superuser = req.caller.kind === 'user' && req.caller.superuser;
  const visible = [...jobs.values()].filter((j) => canSee(j, req.caller, req.protectPrivate));
  const page = limitOffsetPage(filterJobs(visible, req.rawQuery), `${req.origin}${req.path}`, req.rawQuery);
  return drfJson(200, { ...page, results: page.results.map((j) => j.toJson(superuser)) }, ALLOW_LIST);
}

/** Python int() of a query value; undefined = not an int (LAVA then fails with a 500). */
function pyInt(s: string): number | undefined {
  return /^\s*[-+]?\d+\s*$/.test(s) ? parseInt(s, 10) : undefined;
}

function logs(job: RestJob, rawQuery: string): Reply {
  const q = new URLSearchParams(rawQuery);
  const startRaw = q.get('start');
  const endRaw = q.get('end');
  const start = startRaw === null ? 0 : pyInt(startRaw);
  const end = endRaw === null ? undefined : pyInt(endRaw);
  // LAVA does not validate: a non-integer or negative start/end ends in an HTTP 500 page
  if (start === undefined || start < 0 || (endRaw !== null && (end === undefined || end < 0))) return DJANGO_500();
  const lines = end !== undefined && end <= start ? [] : job.lines(start, end);
  if (!lines.length) return notFound(ALLOW_READ);
  const body = Buffer.from(lines.map((l) => l + '\n').join(''), 'utf8');
  const disposition = `attachment; filename=job_${job.id}.yaml`;
  if (start === 0 && end === undefined) {
    // Django FileResponse: Content-Length comes right after Content-Type
    const h = drfHeaders('application/yaml', ALLOW_READ);
    const { 'Content-Type': ct, ...rest } = h;
    return {
      status: 200,
      headers: { 'Content-Type': ct, 'Content-Length': String(body.length), 'Content-Disposition': disposition, ...rest },
      body,
    };
  }
  const { 'Content-Type': ct, ...rest } = drfHeaders('application/yaml', ALLOW_READ);
  return { status: 200, headers: { 'Content-Type': ct, 'Content-Disposition': disposition, ...rest }, body };
}

function tests(job: RestJob, req: RestRequest): Reply {
  const cases = job.visibleTestCases().map((c) => ({
    id: c.id,
    result: c.result,
    resource_uri: `${req.origin}/api/v0.2/jobs/${job.id}/suites/${c.suite}/tests/${c.id}/`,
    unit: c.unit,
    name: c.name,
    measurement: c.measurement,
    metadata: c.metadata,
    start_log_line: null,
    end_log_line: null,
    logged: new Date(c.logged).toISOString().replace('Z', '000Z'),
    suite: c.suite,
    test_set: null,
  }));
  return drfJson(200, limitOffsetPage(cases, `${req.origin}${req.path}`, req.rawQuery), ALLOW_READ);
}

function suites(job: RestJob, req: RestRequest): Reply {
  const seen = new Set(job.visibleTestCases().map((c) => c.suite));
  const list = job.suites
    .filter((s) => seen.has(s.id))
    .map((s) => ({ id: s.id, resource_uri: `${req.origin}/api/v0.2/jobs/${job.id}/suites/${s.id}/`, name: s.name, job: Number(job.id) }));
  return drfJson(200, limitOffsetPage(list, `${req.origin}${req.path}`, req.rawQuery), ALLOW_READ);
}
