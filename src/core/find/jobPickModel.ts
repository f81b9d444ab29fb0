import { LavaErrorKind } from '../net/errors';
import { JobSummary } from '../protocols/rest/jobList';
import { jobPageUrl, parseJobRef } from '../config/jobRef';
import { ServerConfig, serverOrUnnamed } from '../config/servers';
import { plainLabel } from '../untrusted/plainForSurface';

/** What the Find Job picker knows of one configured server so far. */
export interface ServerJobs {
  server: ServerConfig;
  /** The protocol it speaks; 'unknown' while it is being asked. */
  api: 'rest' | 'log-tail' | 'unknown';
  /** A request to this server is still in flight. */
  loading: boolean;
  /** Every job received from it (running, recent, mine), at most once each. */
  jobs: readonly JobSummary[];
  error?: { kind: LavaErrorKind; message: string };
  /** "Me" on this server: the token's user, else the configured username. */
  user?: string;
}

export interface PickInput {
  servers: readonly ServerJobs[];
  /** What the user typed. */
  filter: string;
  onlyMine: boolean;
  now: number;
}

interface ItemText {
  label: string;
  description?: string;
  detail?: string;
}

export type PickItem =
  | (ItemText & { kind: 'separator' })
  /** A job from a server's list. */
  | (ItemText & { kind: 'job'; server: ServerConfig; job: JobSummary; url: string })
  /** The typed id or pasted URL, offered on a server whether or not it is in the list. */
  | (ItemText & { kind: 'direct'; server: ServerConfig; jobId: string; url: string })
  /** A log-tail server (no job list): ask for an id. */
  | (ItemText & { kind: 'follow-by-id'; server: ServerConfig })
  /** A server that failed to answer: picking it retries (or sets a token). */
  | (ItemText & { kind: 'error'; server: ServerConfig; errorKind: LavaErrorKind })
  | (ItemText & { kind: 'loading'; server: ServerConfig })
  /** Something to know that is not a job (e.g. no user known for "only mine"). */
  | (ItemText & { kind: 'info'; server: ServerConfig });

/**
 * The items of the Find Job picker, in order: the typed job (one item per
 * server that does not list it already), running jobs (latest start first), the other recent jobs (latest
 * submission first), then follow-by-id items, servers still loading, and
 * errors. Jobs are filtered by every word of `filter` (id, description, device,
 * device type, submitter, state, health, server name).
 *
 * Every text from a server (description, submitter, device, error message) and
 * every server name is put through plainLabel: a `$(icon)` in it is shown as
 * written, only our own words carry codicons.
 */
export function buildPickItems(input: PickInput): PickItem[] {
  const several = input.servers.length > 1;
  const items: PickItem[] = [];
  const words = filterWords(input.filter);
  const running: { entry: ServerJobs; job: JobSummary }[] = [];
  const recent: { entry: ServerJobs; job: JobSummary }[] = [];
  for (const entry of input.servers) {
    if (entry.api !== 'rest') continue;
    if (input.onlyMine && !entry.user) continue;
    for (const job of entry.jobs) {
      if (input.onlyMine && job.submitter !== entry.user) continue;
      if (!matches(words, entry.server, job)) continue;
      (isRunning(job) ? running : recent).push({ entry, job });
    }
  }
  const order =
    (time: (j: JobSummary) => number | null) => (a: { entry: ServerJobs; job: JobSummary }, b: { entry: ServerJobs; job: JobSummary }) =>
      (time(b.job) ?? 0) - (time(a.job) ?? 0) ||
      input.servers.indexOf(a.entry) - input.servers.indexOf(b.entry) ||
      compareIds(b.job.id, a.job.id);
  running.sort(order((j) => j.startTime ?? j.submitTime));
  recent.sort(order((j) => j.submitTime));
  const jobItem = ({ entry, job }: { entry: ServerJobs; job: JobSummary }): PickItem => ({
    kind: 'job',
    server: entry.server,
    job,
    url: jobPageUrl(entry.server.url, job.id),
    ...jobText(job, entry.server.name, several, input.now),
  });
  // The typed job comes first, on each server where it is not already listed below.
  const listed = new Set([...running, ...recent].map(({ entry, job }) => `${entry.server.url}#${job.id}`));
  const direct = directItems(input).filter((d) => d.kind !== 'direct' || !listed.has(`${d.server.url}#${d.jobId}`));
  items.push(...direct);
  if (running.length) items.push({ kind: 'separator', label: 'Running' }, ...running.map(jobItem));
  if (recent.length) items.push({ kind: 'separator', label: 'Recent' }, ...recent.map(jobItem));

  const others: PickItem[] = [];
  for (const entry of input.servers) {
    const { server } = entry;
    if (entry.api === 'log-tail' && !parseJobRef(input.filter).ok) {
      others.push({
        kind: 'follow-by-id',
        server,
        label: `$(debug-start) Follow job by id on ${plainLabel(server.name)}…`,
        description: 'this server has no job list (log-tail only)',
      });
    }
    if (entry.loading) {
      others.push({ kind: 'loading', server, label: `$(loading~spin) Loading jobs from ${plainLabel(server.name)}…` });
    }
    if (entry.error) {
      others.push({
        kind: 'error',
        server,
        errorKind: entry.error.kind,
        label: `$(error) ${plainLabel(`${server.name}: ${entry.error.message}`)}`,
        detail: errorHint(entry.error.kind),
      });
    } else if (input.onlyMine && entry.api === 'rest' && !entry.user && !entry.loading) {
      others.push({
        kind: 'info',
        server,
        label: `$(info) ${plainLabel(server.name)}: who you are is not known`,
        detail: 'Set a token with "LAVA: Set Token…" (or a username in lava.servers) to see only your jobs.',
      });
    }
  }
  if (others.length && items.length) items.push({ kind: 'separator', label: 'Servers' });
  items.push(...others);
  return items;
}

/** Running (or canceling) jobs are on a device now: they come first. */
function isRunning(job: JobSummary): boolean {
  return job.state === 'Running' || job.state === 'Canceling';
}

/** The typed text as a job: one item per server for an id, the URL's server for a URL. */
function directItems(input: PickInput): PickItem[] {
  const parsed = parseJobRef(input.filter);
  if (!parsed.ok) return [];
  const { jobId, serverUrl } = parsed.ref;
  let servers: ServerConfig[];
  if (serverUrl) {
    const configured = input.servers.map((s) => s.server);
    servers = [serverOrUnnamed(configured, serverUrl)];
  } else {
    servers = input.servers.map((s) => s.server);
  }
  return servers.map((server) => {
    const known = input.servers.find((s) => s.server.url === server.url)?.jobs.find((j) => j.id === jobId);
    return {
      kind: 'direct',
      server,
      jobId,
      url: jobPageUrl(server.url, jobId),
      label: `$(debug-start) Follow job ${jobId} on ${plainLabel(server.name)}`,
      description: known ? plainLabel(known.description) : undefined,
      detail: known ? statusText(known, input.now) : undefined,
    };
  });
}

function errorHint(kind: LavaErrorKind): string {
  switch (kind) {
    case 'unauthorized':
      return 'Select to set a token for this server.';
    default:
      return 'Select to try again.';
  }
}

function filterWords(filter: string): string[] {
  return filter
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
}

function matches(words: readonly string[], server: ServerConfig, job: JobSummary): boolean {
  if (!words.length) return true;
  const haystack = [
    job.id,
    job.description,
    job.submitter,
    job.actualDevice ?? '',
    job.requestedDeviceType ?? '',
    stateWord(job),
    server.name,
  ]
    .join('\n')
    .toLowerCase();
  return words.every((w) => haystack.includes(w.replace(/^#/, '')));
}

/** `1234.1` after `1234.0` after `999`: numeric where ids are numbers. */
function compareIds(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a.localeCompare(b);
}

/** Finished jobs are told by their health, the others by their state. */
function stateWord(job: Pick<JobSummary, 'state' | 'health'>): string {
  return job.state === 'Finished' ? job.health : job.state;
}

/** A codicon for a job's state or health. */
function jobIcon(job: Pick<JobSummary, 'state' | 'health'>): string {
  switch (job.state) {
    case 'Running':
    case 'Canceling':
      return 'sync~spin';
    case 'Submitted':
    case 'Scheduling':
    case 'Scheduled':
      return 'clock';
    case 'Finished':
      return healthIcon(job.health);
  }
}

function healthIcon(health: JobSummary['health'] | undefined): string {
  switch (health) {
    case 'Complete':
      return 'pass';
    case 'Incomplete':
      return 'error';
    case 'Canceled':
      return 'circle-slash';
    default:
      return 'question';
  }
}

/** The three lines of a job item. */
function jobText(job: JobSummary, serverName: string, showServer: boolean, now: number): ItemText {
  const where = job.actualDevice ?? job.requestedDeviceType;
  const description = [where, job.submitter, showServer ? serverName : undefined]
    .filter((p): p is string => !!p)
    .map(plainLabel)
    .join(' · ');
  return {
    label: `$(${jobIcon(job)}) ${plainLabel(`${job.id}${job.description ? ` ${job.description}` : ''}`)}`,
    description: description || undefined,
    detail: statusText(job, now),
  };
}

/** `Running · started 5 min ago`, `Incomplete · ended 2 h ago`, `Submitted · submitted 30 s ago`. */
export function statusText(job: JobSummary, now: number): string {
  const word = stateWord(job);
  const when =
    job.state === 'Finished' && job.endTime !== null
      ? `ended ${ago(job.endTime, now)}`
      : job.startTime !== null && job.state !== 'Submitted' && job.state !== 'Scheduled' && job.state !== 'Scheduling'
        ? `started ${ago(job.startTime, now)}`
        : job.submitTime !== null
          ? `submitted ${ago(job.submitTime, now)}`
          : '';
  return when ? `${word} · ${when}` : word;
}

/** How long ago `time` was: `just now`, `42 s ago`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function ago(time: number, now: number): string {
  const s = Math.floor((now - time) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}
