/**
 * The previous run of a job: the latest Finished job before it with exactly the same description
 * (LAVA's `job_name`) and requested device type, on the same server.
 *
 * LAVA's TestJobFilter (lava_rest_app/filters.py) takes `description` (exact, case-sensitive),
 * `state`, `health__in`, `requested_device_type__name`, `id__lt` and DRF's `ordering`: the first
 * answer is the one. A server that ignores a filter (django-filter drops unknown ones silently)
 * would answer other jobs: each is checked here as well, over a few bounded pages.
 */
import { serverIntegerId } from '../config/jobRef';
import { httpGet } from '../net/http';
import { ListDeps, JobSummary, parseJobPage } from '../protocols/rest/jobList';
import { nextPageUrl } from '../protocols/rest/pages';
import { restBase } from '../protocols/rest/restUrls';

/** The job whose previous run is looked for. */
export interface RunKey {
  id: string;
  description: string;
  deviceType: string | null;
}

/** Jobs asked for a page, and pages read at most. */
export const PREVIOUS_RUN_PAGE = 20;
export const PREVIOUS_RUN_MAX_PAGES = 3;

/** The job-list request that names the previous run first. */
export function previousRunUrl(serverUrl: string, job: RunKey): string {
  const params = new URLSearchParams();
  params.set('description', job.description);
  if (job.deviceType) params.set('requested_device_type__name', job.deviceType);
  params.set('state', 'Finished');
  params.set('health__in', 'Complete,Incomplete');
  params.set('id__lt', job.id);
  params.set('ordering', '-id');
  params.set('limit', String(PREVIOUS_RUN_PAGE));
  return `${restBase(serverUrl)}/jobs/?${params.toString()}`;
}

/**
 * The id of the latest Finished (Complete or Incomplete: a Canceled run is no comparison) job before
 * `job` with exactly the same description and requested device type; undefined when there is none
 * within PREVIOUS_RUN_MAX_PAGES pages, or the job's id or description gives nothing to look for.
 */
export async function findPreviousRun(serverUrl: string, job: RunKey, deps: ListDeps): Promise<string | undefined> {
  const id = serverIntegerId(job.id);
  if (id === undefined || job.description === '') return undefined;
  let url: string | undefined = previousRunUrl(serverUrl, { ...job, id });
  for (let page = 0; page < PREVIOUS_RUN_MAX_PAGES && url !== undefined; page++) {
    const { jobs, next } = parseJobPage((await httpGet(url, deps)).body);
    const found = jobs.filter((j) => isPreviousRun(j, job, Number(id))).sort((a, b) => Number(b.id) - Number(a.id))[0];
    if (found) return found.id;
    url = next === null ? undefined : nextPageUrl(url, next);
  }
  return undefined;
}

function isPreviousRun(candidate: JobSummary, job: RunKey, id: number): boolean {
  return (
    Number(candidate.id) < id &&
    candidate.description === job.description &&
    (job.deviceType === null || candidate.requestedDeviceType === job.deviceType) &&
    candidate.state === 'Finished' &&
    (candidate.health === 'Complete' || candidate.health === 'Incomplete')
  );
}
