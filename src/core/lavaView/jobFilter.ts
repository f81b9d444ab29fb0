// The Jobs view's filter: what the user chose, as LAVA REST filters (lava_rest_app/filters.py TestJobFilter),
// and whether a job an event tells of matches it (the server filtered the lists; events are not filtered).
import { JobHealth } from '../model/job';
import { JobQuery, JobSummary } from '../protocols/rest/jobList';
import { JobState } from '../protocols/rest/restJob';
import { filterDescription, sinceText } from '../text/lavaViewText';
import { plainTreeText } from '../untrusted/plainForSurface';

export interface JobFilter {
  state?: JobState;
  health?: JobHealth;
  deviceType?: string;
  submitter?: string;
  descriptionContains?: string;
  /** Submitted in the last N hours (the query's `submit_time__gt` is computed when the list is read). */
  sinceHours?: number;
}

/** The longest value of a text filter (a URL parameter: kept short). */
export const MAX_FILTER_TEXT = 200;

export function isEmptyFilter(filter: JobFilter): boolean {
  return describeFilter(filter) === undefined;
}

/** The filter's REST parameters (the sections add their own state and ordering). */
export function filterQuery(filter: JobFilter, now: number): JobQuery {
  const query: JobQuery = {};
  if (filter.health) query.health = filter.health;
  if (filter.deviceType) query.deviceType = filter.deviceType.slice(0, MAX_FILTER_TEXT);
  if (filter.submitter) query.submitter = filter.submitter.slice(0, MAX_FILTER_TEXT);
  if (filter.descriptionContains) query.descriptionContains = filter.descriptionContains.slice(0, MAX_FILTER_TEXT);
  if (filter.sinceHours !== undefined && filter.sinceHours > 0) query.submittedSince = now - filter.sinceHours * 3_600_000;
  return query;
}

/** Whether a job (an event's, not filtered by the server) matches the filter, the way LAVA would filter it. */
export function matchesFilter(job: JobSummary, filter: JobFilter, now: number): boolean {
  if (filter.state && job.state !== filter.state) return false;
  if (filter.health && job.health !== filter.health) return false;
  if (filter.deviceType && job.requestedDeviceType !== filter.deviceType) return false;
  if (filter.submitter && job.submitter !== filter.submitter) return false;
  if (filter.descriptionContains && !job.description.toLowerCase().includes(filter.descriptionContains.toLowerCase())) return false;
  if (filter.sinceHours !== undefined && filter.sinceHours > 0) {
    if (job.submitTime === null || job.submitTime <= now - filter.sinceHours * 3_600_000) return false;
  }
  return true;
}

/** The view's description for an active filter (user text, shown plain), undefined for none. */
export function describeFilter(filter: JobFilter): string | undefined {
  const parts: string[] = [];
  if (filter.state) parts.push(filter.state);
  if (filter.health) parts.push(filter.health);
  if (filter.deviceType) parts.push(plainTreeText(filter.deviceType, 40));
  if (filter.submitter) parts.push(`@${plainTreeText(filter.submitter, 40)}`);
  if (filter.descriptionContains) parts.push(`"${plainTreeText(filter.descriptionContains, 40)}"`);
  if (filter.sinceHours) parts.push(sinceText(filter.sinceHours));
  return parts.length ? filterDescription(parts) : undefined;
}
