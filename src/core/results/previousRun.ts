/**
 * The previous run of a job: the latest Finished job before it with exactly the same description
 * (LAVA's `job_name`) and requested device type, on the same server.
 *
 * LAVA's TestJobFilter (lava_rest_app/filters.py) takes `description` (exact, case-sensitive),
 * `state`, `health__in`, `requested_device_type__name`, `id__lt` and DRF's `ordering`: the first
 * answer is the one (checked on LAVA 2023.01). A server that ignores a filter (django-filter drops
 * unknown ones silently) would answer other jobs: each is checked here as well, over a few pages
 * asked for by `offset` (never by following the answer's `next` link).
 *
 * Only `net/` and `model/` here: `core/log` holds a `CaseResults`, so this folder stays below the
 * protocols and the config (scripts/check-cycles.mjs).
 */
import { LavaError } from '../net/errors';
import { Credentials, FetchFn, httpGet } from '../net/http';
import { parseJson } from '../net/json';

/** The job whose previous run is looked for. */
export interface RunKey {
  id: string;
  description: string;
  deviceType: string | null;
}

/** What the job-list requests need (the shape of protocols/rest/jobList.ts `ListDeps`). */
export interface PreviousRunDeps {
  fetch: FetchFn;
  timeoutMs: number;
  credentials?: Credentials;
  signal?: AbortSignal;
}

/** Jobs asked for a page, and pages read at most. */
export const PREVIOUS_RUN_PAGE = 20;
export const PREVIOUS_RUN_MAX_PAGES = 3;

/** The job-list request that names the previous run first (`page` 0, 1…: LAVA's `offset`). */
export function previousRunUrl(serverUrl: string, job: RunKey, page = 0): string {
  const params = new URLSearchParams();
  params.set('description', job.description);
  if (job.deviceType) params.set('requested_device_type__name', job.deviceType);
  params.set('state', 'Finished');
  params.set('health__in', 'Complete,Incomplete');
  params.set('id__lt', job.id);
  params.set('ordering', '-id');
  params.set('limit', String(PREVIOUS_RUN_PAGE));
  if (page > 0) params.set('offset', String(page * PREVIOUS_RUN_PAGE));
  return `${serverUrl}/api/v0.2/jobs/?${params.toString()}`;
}

/**
 * The id of the latest Finished (Complete or Incomplete: a Canceled run is no comparison) job before
 * `job` with exactly the same description and requested device type; undefined when there is none
 * within PREVIOUS_RUN_MAX_PAGES pages, or the job's id (digits only) or description gives nothing to look for.
 */
export async function findPreviousRun(serverUrl: string, job: RunKey, deps: PreviousRunDeps): Promise<string | undefined> {
  if (!/^\d{1,15}$/.test(job.id) || job.description === '') return undefined;
  const id = Number(job.id);
  for (let page = 0; page < PREVIOUS_RUN_MAX_PAGES; page++) {
    const { jobs, more } = parseJobs((await httpGet(previousRunUrl(serverUrl, job, page), deps)).body);
    let found: number | undefined;
    for (const j of jobs) if (isPreviousRun(j, job, id) && (found === undefined || j.id > found)) found = j.id;
    if (found !== undefined) return String(found);
    if (!more) return undefined;
  }
  return undefined;
}

interface ListedJob {
  id: number;
  description: unknown;
  state: unknown;
  health: unknown;
  requested_device_type: unknown;
}

/** A DRF page of the job list: its entries with an integer id, and whether it has a next page. */
function parseJobs(body: string): { jobs: ListedJob[]; more: boolean } {
  const page = parseJson(body, 'The job list') as { results?: unknown; next?: unknown } | null;
  if (typeof page !== 'object' || page === null || !Array.isArray(page.results)) {
    throw new LavaError('bad-response', 'The job list is not a LAVA job list (no results).');
  }
  const jobs = page.results.filter(
    (j): j is ListedJob =>
      typeof j === 'object' && j !== null && Number.isSafeInteger((j as { id?: unknown }).id) && (j as { id: number }).id > 0,
  );
  return { jobs, more: typeof page.next === 'string' };
}

function isPreviousRun(candidate: ListedJob, job: RunKey, id: number): boolean {
  return (
    candidate.id < id &&
    candidate.description === job.description &&
    (job.deviceType === null || candidate.requested_device_type === job.deviceType) &&
    candidate.state === 'Finished' &&
    (candidate.health === 'Complete' || candidate.health === 'Incomplete')
  );
}
