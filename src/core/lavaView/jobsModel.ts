// The Jobs view's model: per server, the sections Following / Running / Queued / Recent / Mine, filled by
// REST pages (server-side filters, limit/offset paging) and kept current by job events (an event moves a
// job between sections). Pure: the VS Code layer reads its nodes and their presentation.
import { ServerConfig } from '../config/servers';
import { JobEvent } from '../events/lavaEvent';
import { JobHealth } from '../model/job';
import { JobPage, JobQuery, JobSummary } from '../protocols/rest/jobList';
import { JobState } from '../protocols/rest/restJob';
import { filterQuery, JobFilter, matchesFilter } from './jobFilter';

export type ListSection = 'running' | 'queued' | 'recent' | 'mine';
export type SectionId = 'following' | ListSection;

export const LIST_SECTIONS: readonly ListSection[] = ['running', 'queued', 'recent', 'mine'];
/** Jobs asked a page (LAVA's `limit`). */
export const PAGE_SIZE = 50;
/** The most jobs one section keeps loaded (Load more stops there; a million-job server stays browsable by filters). */
export const MAX_SECTION_JOBS = 5000;

export const ACTIVE_STATES: readonly JobState[] = ['Scheduling', 'Scheduled', 'Running', 'Canceling'];

/** One followed job as the Following section shows it. */
export interface FollowedJob {
  serverUrl: string;
  jobId: string;
}

export interface SectionState {
  jobs: JobSummary[];
  /** LAVA's count of matching jobs (over every page). */
  count: number;
  /** Set once a page was read. */
  loaded: boolean;
  /** The last read's failure, as plain text. */
  error?: string;
}

export interface ServerJobs {
  server: ServerConfig;
  /** The token's user (whoami) or the configured username: the Mine section, when known. */
  me?: string;
  sections: Map<ListSection, SectionState>;
}

export type JobNode =
  | { kind: 'server'; serverUrl: string }
  | { kind: 'section'; serverUrl: string; section: SectionId }
  | { kind: 'job'; serverUrl: string; section: SectionId; jobId: string }
  | { kind: 'more'; serverUrl: string; section: ListSection }
  | { kind: 'error'; serverUrl: string; section: ListSection; message: string };

function emptySection(): SectionState {
  return { jobs: [], count: 0, loaded: false };
}

/** Does a job belong in a section (its filters and order aside)? */
export function inSection(section: ListSection, job: Pick<JobSummary, 'state' | 'submitter'>, me: string | undefined): boolean {
  switch (section) {
    case 'running':
      return ACTIVE_STATES.includes(job.state);
    case 'queued':
      return job.state === 'Submitted';
    case 'recent':
      return job.state === 'Finished';
    case 'mine':
      return me !== undefined && job.submitter === me;
  }
}

/**
 * The REST query of one page of a section under the filter, or undefined when the section is
 * empty under it (a filter on state Finished leaves Running and Queued empty, without a request).
 */
export function sectionQuery(
  section: ListSection,
  filter: JobFilter,
  me: string | undefined,
  offset: number,
  now: number,
): JobQuery | undefined {
  const base: JobQuery = { ...filterQuery(filter, now), limit: PAGE_SIZE, ...(offset > 0 ? { offset } : {}) };
  const state = filter.state;
  switch (section) {
    case 'running':
      if (state) return ACTIVE_STATES.includes(state) ? { ...base, state, ordering: '-id' } : undefined;
      return { ...base, stateIn: ACTIVE_STATES, ordering: '-id' };
    case 'queued':
      if (state && state !== 'Submitted') return undefined;
      return { ...base, state: 'Submitted', ordering: 'submit_time' };
    case 'recent':
      if (state && state !== 'Finished') return undefined;
      return { ...base, state: 'Finished', ordering: '-end_time' };
    case 'mine':
      if (me === undefined || (filter.submitter && filter.submitter !== me)) return undefined;
      return { ...base, ...(state ? { state } : {}), submitter: me, ordering: '-id' };
  }
}

const STATES: readonly string[] = ['Submitted', 'Scheduling', 'Scheduled', 'Running', 'Canceling', 'Finished'];
const HEALTHS: readonly string[] = ['Unknown', 'Complete', 'Incomplete', 'Canceled'];

function time(text: string | undefined): number | null {
  if (!text) return null;
  // LAVA's event times are UTC without a zone (`2024-01-31T10:00:00.123456`, or `…+00:00`).
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/** A job event as a job summary (merged over what the view knew of the job); undefined when the event is not a job's state. */
export function summaryFromEvent(event: JobEvent, known: JobSummary | undefined): JobSummary | undefined {
  if (!/^\d{1,15}$/.test(event.job) || !STATES.includes(event.state)) return undefined;
  const health = HEALTHS.includes(event.health) ? (event.health as JobHealth) : (known?.health ?? 'Unknown');
  return {
    id: event.job,
    description: event.description ?? known?.description ?? '',
    submitter: event.submitter ?? known?.submitter ?? '',
    state: event.state as JobState,
    health,
    requestedDeviceType: event.deviceType ?? known?.requestedDeviceType ?? null,
    actualDevice: event.device ?? known?.actualDevice ?? null,
    submitTime: time(event.submitTime) ?? known?.submitTime ?? null,
    startTime: time(event.startTime) ?? known?.startTime ?? null,
    endTime: time(event.endTime) ?? known?.endTime ?? null,
  };
}

export class JobsModel {
  private readonly servers = new Map<string, ServerJobs>();
  private following: FollowedJob[] = [];
  /** Per server, job id → summary over every section (rebuilt after a change: job() is asked once per node). */
  private readonly index = new Map<string, Map<string, JobSummary>>();
  filter: JobFilter = {};

  constructor(private readonly now: () => number) {}

  /** The configured servers, in order; a server's loaded lists are kept when it stays. */
  setServers(servers: readonly ServerConfig[]): void {
    this.index.clear();
    const old = new Map(this.servers);
    this.servers.clear();
    for (const server of servers) {
      const kept = old.get(server.url);
      this.servers.set(
        server.url,
        kept ? { ...kept, server } : { server, sections: new Map(LIST_SECTIONS.map((s) => [s, emptySection()])) },
      );
    }
  }

  serverList(): ServerJobs[] {
    return [...this.servers.values()];
  }

  server(serverUrl: string): ServerJobs | undefined {
    return this.servers.get(serverUrl);
  }

  setMe(serverUrl: string, me: string | undefined): void {
    const s = this.servers.get(serverUrl);
    if (s) s.me = me;
  }

  setFollowing(jobs: readonly FollowedJob[]): void {
    this.following = [...jobs];
  }

  /** Sets the filter and forgets every list (the next refresh reads them under it). */
  setFilter(filter: JobFilter): void {
    this.filter = { ...filter };
    this.index.clear();
    for (const s of this.servers.values()) for (const section of LIST_SECTIONS) s.sections.set(section, emptySection());
  }

  /** The query of a section's first page (`more`: its next page), or undefined when there is none to read. */
  query(serverUrl: string, section: ListSection, more = false): JobQuery | undefined {
    const s = this.servers.get(serverUrl);
    if (!s) return undefined;
    const offset = more ? (s.sections.get(section)?.jobs.length ?? 0) : 0;
    if (offset >= MAX_SECTION_JOBS) return undefined;
    return sectionQuery(section, this.filter, s.me, offset, this.now());
  }

  /** A page read: the first one replaces the section's jobs, a later one (`offset` > 0) is appended. */
  setPage(serverUrl: string, section: ListSection, page: JobPage, offset = 0): void {
    const s = this.servers.get(serverUrl);
    if (!s) return;
    this.index.delete(serverUrl);
    const current = s.sections.get(section) ?? emptySection();
    const base = offset > 0 ? current.jobs.slice(0, offset) : [];
    const seen = new Set(base.map((j) => j.id));
    const jobs = [...base, ...page.jobs.filter((j) => !seen.has(j.id))].slice(0, MAX_SECTION_JOBS);
    s.sections.set(section, { jobs, count: Math.max(page.count, jobs.length), loaded: true });
  }

  /** A section's list could not be read: it keeps what it showed, with the error. */
  setError(serverUrl: string, section: ListSection, message: string): void {
    const state = this.servers.get(serverUrl)?.sections.get(section);
    if (state) state.error = message;
  }

  /** The known summary of a job of a server (from any section). */
  job(serverUrl: string, jobId: string): JobSummary | undefined {
    let index = this.index.get(serverUrl);
    if (!index) {
      const s = this.servers.get(serverUrl);
      if (!s) return undefined;
      index = new Map();
      // Sections in reverse order, so that the first section's copy wins (they hold the same job after an event).
      for (const state of [...s.sections.values()].reverse()) for (const job of state.jobs) index.set(job.id, job);
      this.index.set(serverUrl, index);
    }
    return index.get(jobId);
  }

  /**
   * A job event: the job is updated where it is shown, and moved into the sections it now belongs to
   * (and matches the filter) and out of the others. True when anything shown changed.
   */
  applyEvent(serverUrl: string, event: JobEvent): boolean {
    const s = this.servers.get(serverUrl);
    if (!s) return false;
    const known = this.job(serverUrl, event.job);
    const job = summaryFromEvent(event, known);
    if (!job) return false;
    this.index.delete(serverUrl);
    const matches = matchesFilter(job, this.filter, this.now());
    let changed = false;
    for (const section of LIST_SECTIONS) {
      const state = s.sections.get(section);
      if (!state?.loaded) continue;
      const at = state.jobs.findIndex((j) => j.id === job.id);
      const belongs = matches && inSection(section, job, s.me) && sectionQuery(section, this.filter, s.me, 0, this.now()) !== undefined;
      if (at >= 0 && belongs) {
        state.jobs[at] = job;
        changed = true;
      } else if (at >= 0) {
        state.jobs.splice(at, 1);
        state.count = Math.max(0, state.count - 1);
        changed = true;
      } else if (belongs) {
        // Queued is oldest first (the next to run on top); the others newest first.
        if (section === 'queued') {
          if (state.jobs.length >= state.count) state.jobs.push(job);
        } else {
          state.jobs.unshift(job);
          if (state.jobs.length > MAX_SECTION_JOBS) state.jobs.pop();
        }
        state.count += 1;
        changed = true;
      }
    }
    return changed || this.following.some((f) => f.serverUrl === serverUrl && f.jobId === job.id);
  }

  /** Running and queued jobs over every server (LAVA's counts), for the container's badge. */
  counts(): { running: number; queued: number } {
    let running = 0;
    let queued = 0;
    for (const s of this.servers.values()) {
      running += s.sections.get('running')?.count ?? 0;
      queued += s.sections.get('queued')?.count ?? 0;
    }
    return { running, queued };
  }

  /** Queued jobs per device type of a server, as far as loaded (the Devices view's "N queued"). */
  queuedByType(serverUrl: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const job of this.servers.get(serverUrl)?.sections.get('queued')?.jobs ?? []) {
      if (job.requestedDeviceType) out.set(job.requestedDeviceType, (out.get(job.requestedDeviceType) ?? 0) + 1);
    }
    return out;
  }

  /** The running jobs' devices of a server: device → job id (the current job when XML-RPC cannot tell). */
  runningByDevice(serverUrl: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const job of this.servers.get(serverUrl)?.sections.get('running')?.jobs ?? []) {
      if (job.actualDevice) out.set(job.actualDevice, job.id);
    }
    return out;
  }

  roots(): JobNode[] {
    const servers = [...this.servers.values()];
    if (servers.length === 1) return this.sectionsOf(servers[0]);
    return servers.map((s) => ({ kind: 'server', serverUrl: s.server.url }));
  }

  children(node: JobNode): JobNode[] {
    const s = this.servers.get(node.serverUrl);
    if (!s) return [];
    if (node.kind === 'server') return this.sectionsOf(s);
    if (node.kind !== 'section') return [];
    if (node.section === 'following') {
      return this.following
        .filter((f) => f.serverUrl === node.serverUrl)
        .map((f) => ({ kind: 'job', serverUrl: node.serverUrl, section: 'following', jobId: f.jobId }));
    }
    const section = node.section;
    const state = s.sections.get(section) ?? emptySection();
    const out: JobNode[] = [];
    if (state.error) out.push({ kind: 'error', serverUrl: node.serverUrl, section, message: state.error });
    for (const job of state.jobs) out.push({ kind: 'job', serverUrl: node.serverUrl, section, jobId: job.id });
    if (state.loaded && state.jobs.length < state.count && state.jobs.length < MAX_SECTION_JOBS) {
      out.push({ kind: 'more', serverUrl: node.serverUrl, section });
    }
    return out;
  }

  private sectionsOf(s: ServerJobs): JobNode[] {
    const out: JobNode[] = [];
    if (this.following.some((f) => f.serverUrl === s.server.url))
      out.push({ kind: 'section', serverUrl: s.server.url, section: 'following' });
    for (const section of LIST_SECTIONS) {
      if (section === 'mine' && s.me === undefined) continue;
      out.push({ kind: 'section', serverUrl: s.server.url, section });
    }
    return out;
  }

  /** How many followed jobs a server has (the Following section's description). */
  followingCount(serverUrl: string): number {
    return this.following.filter((f) => f.serverUrl === serverUrl).length;
  }
}
