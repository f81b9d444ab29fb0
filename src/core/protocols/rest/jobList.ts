import { serverIntegerId } from '../../config/jobRef';
import { LavaError } from '../../net/errors';
import { Credentials, FetchFn, httpGet } from '../../net/http';
import { JobHealth } from '../../model/job';
import { parseJson } from '../../net/json';
import { readPages } from './pages';
import { JobState, toRestJob } from './restJob';
import { restBase } from './restUrls';

/** One job of `GET /api/v0.2/jobs/`, as the job picker shows it. */
export interface JobSummary {
  /** LAVA's job id, as text (the form job references and channel keys use). */
  id: string;
  description: string;
  submitter: string;
  state: JobState;
  health: JobHealth;
  requestedDeviceType: string | null;
  actualDevice: string | null;
  /** Milliseconds since the epoch, null when LAVA has not set the time yet. */
  submitTime: number | null;
  startTime: number | null;
  endTime: number | null;
}

/** The filters, ordering and page of a job-list request (LAVA's django-filter names in comments). */
export interface JobQuery {
  /** `state=Running` */
  state?: JobState;
  /** `state__in=Submitted,Running` */
  stateIn?: readonly JobState[];
  /** `health=Incomplete` */
  health?: JobHealth;
  /** `submitter__username=alice` */
  submitter?: string;
  /** `requested_device_type__name=qemu` (a RelatedFilter on DeviceTypeFilter's `name`) */
  deviceType?: string;
  /** `description__icontains=smoke` (TestJobFilter's `description` lookups) */
  descriptionContains?: string;
  /** `submit_time__gt=2024-01-31T00:00:00.000Z` (TestJobFilter's `submit_time` takes exact, lt, gt, isnull): ms since the epoch. */
  submittedSince?: number;
  /** DRF OrderingFilter: `-id`, `-start_time`, `submit_time`… */
  ordering?: string;
  /** LimitOffsetPagination (LAVA's default page is 50). */
  limit?: number;
  offset?: number;
}

export interface JobPage {
  /** Jobs matching the filters, over every page. */
  count: number;
  /** DRF's link to the next page; null on the last one. */
  next: string | null;
  jobs: JobSummary[];
}

export interface ListDeps {
  fetch: FetchFn;
  timeoutMs: number;
  credentials?: Credentials;
  signal?: AbortSignal;
}

/** The URL of a job-list request (parameters in a stable order). */
export function jobListUrl(serverUrl: string, query: JobQuery): string {
  const params = new URLSearchParams();
  if (query.state) params.set('state', query.state);
  if (query.stateIn?.length) params.set('state__in', query.stateIn.join(','));
  if (query.health) params.set('health', query.health);
  if (query.submitter) params.set('submitter__username', query.submitter);
  if (query.deviceType) params.set('requested_device_type__name', query.deviceType);
  if (query.descriptionContains) params.set('description__icontains', query.descriptionContains);
  if (query.submittedSince !== undefined && Number.isFinite(query.submittedSince)) {
    params.set('submit_time__gt', new Date(query.submittedSince).toISOString());
  }
  if (query.ordering) params.set('ordering', query.ordering);
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.offset) params.set('offset', String(query.offset));
  const qs = params.toString();
  return `${restBase(serverUrl)}/jobs/${qs ? `?${qs}` : ''}`;
}

/** One page of `GET /api/v0.2/jobs/` with these filters. */
export async function listJobs(serverUrl: string, query: JobQuery, deps: ListDeps): Promise<JobPage> {
  const res = await httpGet(jobListUrl(serverUrl, query), deps);
  return parseJobPage(res.body);
}

/** Up to `max` jobs, page after page (DRF's `next` links, kept on the configured server). */
export async function listJobsUpTo(serverUrl: string, query: JobQuery, max: number, deps: ListDeps): Promise<JobSummary[]> {
  const limit = Math.max(1, Math.min(query.limit ?? max, max));
  const toPage = (body: string) => {
    const page = parseJobPage(body);
    return { items: page.jobs, next: page.next };
  };
  const pages = await readPages(jobListUrl(serverUrl, { ...query, limit }), deps, toPage, {
    maxItems: max,
    maxPages: Math.ceil(max / limit),
  });
  return pages.items;
}

/**
 * The token's user name from `GET /api/v0.2/system/whoami/`; undefined when the
 * request is anonymous (LAVA answers `{"user": ""}`) or the server has no such
 * endpoint (older LAVA: 404).
 */
export async function whoami(serverUrl: string, deps: ListDeps): Promise<string | undefined> {
  let body: string;
  try {
    body = (await httpGet(`${restBase(serverUrl)}/system/whoami/`, deps)).body;
  } catch (err) {
    if (err instanceof LavaError && (err.kind === 'not-found' || err.kind === 'http')) return undefined;
    throw err;
  }
  const value = parseJson(body, 'The whoami answer');
  const user = (value as { user?: unknown } | null)?.user;
  return typeof user === 'string' && user !== '' ? user : undefined;
}

/** Parses a DRF LimitOffsetPagination page of jobs; entries that are not jobs are skipped. */
export function parseJobPage(body: string): JobPage {
  const value = parseJson(body, 'The job list');
  const page = value as { count?: unknown; next?: unknown; results?: unknown } | null;
  if (typeof page !== 'object' || page === null || typeof page.count !== 'number' || !Array.isArray(page.results)) {
    throw new LavaError('bad-response', 'The job list is not a LAVA job list (no count or results).');
  }
  const jobs: JobSummary[] = [];
  for (const entry of page.results) {
    const job = toSummary(entry);
    if (job) jobs.push(job);
  }
  return { count: page.count, next: typeof page.next === 'string' ? page.next : null, jobs };
}

function toSummary(entry: unknown): JobSummary | undefined {
  const job = toRestJob(entry);
  const id = serverIntegerId(job?.id);
  if (!job || id === undefined) return undefined; // the id becomes a followed job's id and URL path
  const time = (t: string | null) => {
    const ms = t === null ? NaN : Date.parse(t);
    return Number.isFinite(ms) ? ms : null;
  };
  return {
    id,
    description: job.description,
    submitter: job.submitter,
    state: job.state,
    health: job.health,
    requestedDeviceType: job.requested_device_type,
    actualDevice: job.actual_device,
    submitTime: time(job.submit_time),
    startTime: time(job.start_time),
    endTime: time(job.end_time),
  };
}
