// core/text — the words of the LAVA view (Jobs, Devices) and of server management. Server text is
// never written here: callers pass it through core/untrusted before it reaches these functions' output.

export const SECTION_LABELS = {
  following: 'Following',
  running: 'Running',
  queued: 'Queued',
  recent: 'Recent',
  mine: 'Mine',
} as const;

export const LAVA_VIEW = {
  loadMore: 'Load more…',
  noJobs: 'No jobs',
  noDevices: 'No devices',
  followHint: 'Click to follow this job (or show its channel).',
  workerOffline: 'worker offline',
  filterTitle: 'LAVA: Filter Jobs',
  filterPick: 'Filter the jobs by… (every filter is applied by the server)',
  filterState: 'State',
  filterHealth: 'Health',
  filterDeviceType: 'Device type',
  filterSubmitter: 'Submitter',
  filterDescription: 'Description contains',
  filterSince: 'Submitted in the last… hours',
  filterSincePrompt: 'Hours (e.g. 24)',
  filterSinceInvalid: 'Enter a number of hours, from 1 to 8760.',
  filterValuePrompt: 'Value (empty: no filter on this)',
  filterApply: 'Apply',
  serverPick: 'Which LAVA server?',
  copied: 'Copied the job URL.',
  /** Marks a Running job silent for `lava.quietMinutes` (description, then tooltip). */
  quiet: 'quiet',
  quietTooltip: 'Running but silent for lava.quietMinutes: is its board hung?',
} as const;

export function loadMoreText(loaded: number, count: number): string {
  return `${loaded} of ${count} shown`;
}

export function sectionDescription(shown: number, count: number): string {
  return shown < count ? `${shown} of ${count}` : String(count);
}

export function couldNotReadText(message: string): string {
  return `Could not read the list: ${message}`;
}

/** `2 h 5 min`, `3 min`, `12 s`. */
export function durationText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function waitingText(ms: number, deviceType: string): string {
  return `waiting ${durationText(ms)} for ${deviceType}`;
}

export function queuedForTypeText(devices: number, queued: number | undefined): string {
  const d = `${devices} device${devices === 1 ? '' : 's'}`;
  return queued ? `${d} · ${queued} queued` : d;
}

export function badgeTooltip(running: number, queued: number): string {
  return `${running} running, ${queued} queued`;
}

export function pollingDescription(seconds: number): string {
  return `polling every ${seconds} s (events down)`;
}

export function filterDescription(parts: readonly string[]): string {
  return `filter: ${parts.join(', ')}`;
}

export function sinceText(hours: number): string {
  return `last ${hours} h`;
}

/** Lines of a job's tooltip (values are already plain). */
export function jobTooltipLines(f: {
  id: string;
  description: string;
  state: string;
  health: string;
  submitter: string;
  where: string;
  submitted?: string;
  started?: string;
  ended?: string;
}): string[] {
  return [
    `Job ${f.id}: ${f.description}`,
    `State: ${f.state}, health: ${f.health}`,
    `Submitter: ${f.submitter}`,
    `Device: ${f.where}`,
    ...(f.submitted ? [`Submitted: ${f.submitted}`] : []),
    ...(f.started ? [`Started: ${f.started}`] : []),
    ...(f.ended ? [`Ended: ${f.ended}`] : []),
  ];
}

export function deviceTooltipLines(f: {
  hostname: string;
  deviceType: string;
  health: string;
  state: string;
  worker: string;
  job?: string;
}): string[] {
  return [
    `Device ${f.hostname} (${f.deviceType})`,
    `Health: ${f.health}, state: ${f.state}`,
    `Worker: ${f.worker}`,
    ...(f.job ? [`Current job: ${f.job}`] : []),
  ];
}

/** Server management. */
export const SERVERS = {
  addTitle: 'LAVA: Add Server…',
  removeTitle: 'LAVA: Remove Server',
  testTitle: 'LAVA: Test Connection',
  urlPrompt: 'URL of the LAVA server (e.g. https://lava.example.org)',
  namePrompt: 'A name for this server',
  usernamePrompt: 'Your user name on this server (optional: for /RPC2 and "Mine")',
  tokenPrompt: 'API token (optional: Enter without one to add the server without a token)',
  noServers: 'No LAVA server is configured.',
  alreadyThere: 'This server is already configured.',
  remove: 'Remove',
} as const;

export function versionFoundText(version: string): string {
  return `LAVA ${version}`;
}

export function versionUnknownText(reason: string): string {
  return `version unknown (${reason})`;
}

export function addedServerText(name: string, version: string): string {
  return `Added ${name} (${version}).`;
}

export function removeServerQuestion(name: string): string {
  return `Remove ${name} from lava.servers and forget its token?`;
}

export function removedServerText(name: string): string {
  return `Removed ${name}.`;
}

export function testConnectionText(f: { name: string; version: string; api: string; events: string; token: string }): string {
  return `${f.name}: ${f.version}; API: ${f.api}; events: ${f.events}; token: ${f.token}.`;
}

export const TEST_WORDS = {
  eventsOn: (topic: string) => `on (topic ${topic})`,
  eventsOff: 'off on this server',
  eventsUnknown: 'unknown (no master_config)',
  tokenNone: 'none set',
  tokenWorks: (user: string) => `works, as ${user}`,
  tokenAnonymous: 'not accepted (the server sees an anonymous user)',
  tokenRefused: 'refused',
} as const;
