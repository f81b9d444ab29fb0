// core/text — the words of the VS Code layer: command titles, buttons, prompts, pickers, short notices.
// The rule: every sentence a user reads is written in core/text (this file, or the topic's own file:
// messages, submitText, statusBarText…), never inline in src/vscode. Strings that quote a server
// still go through core/text/plain.ts where they are shown.

/** Titles of pickers and input boxes: the command palette's names. */
export const TITLES = {
  followJob: 'LAVA: Follow Job',
  findJob: 'LAVA: Find Job',
  openJobLog: 'LAVA: Open Job Log',
  openJobDefinition: 'LAVA: Open Job Definition',
  cancelJob: 'LAVA: Cancel Job',
  resubmitJob: 'LAVA: Resubmit Job',
  setToken: 'LAVA: Set Token…',
  forgetToken: 'LAVA: Forget Token',
  stopFollowing: 'LAVA: Stop Following',
  closeJobChannel: 'LAVA: Close Job Channel',
  followedJobs: 'LAVA: Followed Jobs',
  changeLogTime: 'LAVA: Change Log Time',
  filterLogLevels: 'LAVA: Filter Log Levels',
  addServer: 'Add a LAVA server',
} as const;

/** Buttons of notifications and modal questions, and tooltips of picker buttons. */
export const BUTTONS = {
  openInBrowser: 'Open in Browser',
  copyJobUrl: 'Copy Job URL',
  showLog: 'Show Log',
  showResults: 'Show Results',
  setToken: 'Set Token…',
  openJobLog: 'Open Job Log',
  goToError: 'Go to Error',
  resubmit: 'Resubmit',
  resubmitJob: 'Resubmit Job',
  cancelJobAsk: 'Cancel Job…',
  cancelJob: 'Cancel Job',
  keepRunning: 'Keep It Running',
  follow: 'Follow',
  findJob: 'Find Job…',
  cancel: 'Cancel',
  sendAnyway: 'Send Anyway',
  addServer: 'Add Server',
  forgetToken: 'Forget Token',
  refresh: 'Refresh',
  showOnlyMyJobs: 'Show Only My Jobs',
  showAllJobs: 'Show All Jobs (now: only my jobs)',
  stopFollowing: 'Stop Following',
  stopAndClose: 'Stop Following and Close Its Channel',
  validate: 'Validate',
  more: 'More…',
} as const;

/** Prompts and placeholders of input boxes and pickers. */
export const PROMPTS = {
  jobRef: 'Job id (1234) or job URL (https://lava.example.org/scheduler/job/1234)',
  jobIdPlaceholder: '1234',
  whichJob: 'Which LAVA job?',
  anotherJob: 'Another job…',
  anotherJobDetail: 'a job id or job URL',
  whichServer: 'Which LAVA server?',
  serverUrl: 'URL of your LAVA server (saved in your user settings as lava.servers)',
  serverUrlPlaceholder: 'https://lava.example.org',
  findJob: 'Filter jobs, type a job id, or paste a job URL',
  followWholeMultinode: 'Follow the whole MultiNode job?',
  followedJobs: 'Select a job to show its log; its buttons cancel it on LAVA, resubmit it, or stop following it',
  stopWhich: 'Stop following which job?',
  stopAll: 'Stop following all jobs',
  allFollowed: 'All followed jobs',
  channelsToClose: 'Channels to close',
  channelFollowed: 'followed: stops following',
  channelEnded: 'ended',
  logLevels: 'Levels this job log shows',
  logTime: 'Time at the start of each line',
  moreForJob: (jobId: string) => `More for LAVA job ${jobId}`,
} as const;

/** The choices of LAVA: Change Log Timestamp Format…. */
export const LOG_TIME_CHOICES = {
  utc: { label: 'UTC', description: 'HH:MM:SS as LAVA writes it' },
  local: { label: 'Local time', description: 'HH:MM:SS in your time zone' },
  elapsed: { label: 'Elapsed', description: "+MM:SS since the job's first line" },
  hidden: { label: 'Hidden', description: 'no time' },
} as const;

/** The status bar item's name (in VS Code's list of status bar items). */
export const STATUS_BAR_NAME = 'LAVA Follow';

/** Job definitions: the picker of the workspace's definitions, the CodeLens, validation's words. */
export const DEFINITIONS = {
  noneInWorkspace: (what: 'submit' | 'validate') =>
    `Nothing to ${what}: open a LAVA job definition (YAML with job_name and actions); none is in the workspace.`,
  pickTitle: (what: 'submit' | 'validate') => (what === 'submit' ? 'LAVA: Submit Job' : 'LAVA: Validate Job Definition'),
  pickPlaceholder: 'Which job definition?',
  validateLens: 'Validate',
  yamlParser: 'The YAML parser',
  unreachable: (message: string) => `cannot be reached (${message})`,
  validateWhat: 'validate job definitions',
  submitWhat: 'submit',
  submittedProgress: (jobIds: readonly string[]) => `job ${jobIds.join(', ')}`,
} as const;

/** Short notices. */
export const NOTICES = {
  openJobLogFirst: 'Open a LAVA job log first (LAVA: Open Job Log…).',
  noErrorInLog: 'No error in this LAVA job log.',
  noJobFollowed: 'No LAVA job is being followed.',
  noChannelOpen: 'No LAVA job channel is open.',
  stoppedFollowing: 'Stopped following.',
  resumed: 'Following again after a window reload: the log from its start.',
  notJobLogAddress: 'This is not a LAVA job log address.\n',
} as const;

/** A follow's name: `LAVA job 1234`. */
export function jobLabel(jobId: string): string {
  return `LAVA job ${jobId}`;
}

/** `LAVA job 1234`, or `LAVA job 1234 (server)` when several servers are configured: a job's Output channel. */
export function channelName(jobId: string, serverName: string, severalServers: boolean): string {
  return severalServers ? `${jobLabel(jobId)} (${serverName})` : jobLabel(jobId);
}

/** A command's error, after its title: `LAVA: Follow Job: <message>`. */
export function titledText(title: string, message: string): string {
  return `${title}: ${message}`;
}

/** `Copied <url>` (a status bar message; the URL made plain by the caller). */
export function copiedText(url: string): string {
  return `Copied ${url}`;
}

/** The prompt for a job id on one server (Find Job's "Follow job by id on <server>…"). */
export function jobIdOnServerPrompt(serverName: string, serverUrl: string): string {
  return `Job id on ${serverName} (${serverUrl})`;
}

/** Find Job's title for one server. */
export function findJobOnServerTitle(serverName: string): string {
  return `${TITLES.findJob} — ${serverName}`;
}

/** A job URL of a server that is not configured is followed without a token. */
export function anonymousFollowText(serverUrl: string, jobId: string): string {
  return (
    `${serverUrl} is not one of your LAVA servers: following LAVA job ${jobId} there without a token. ` +
    `Add it to lava.servers (or run "${TITLES.setToken}") to use one.`
  );
}

/** A job-log document whose job could not be followed. */
export function notFollowedDocumentText(jobId: string, serverUrl: string): string {
  return `LAVA job ${jobId} on ${serverUrl} could not be followed.\n`;
}

/** A link to a line the log does not have. */
export function noSuchLineText(jobId: string, line: number): string {
  return `LAVA job ${jobId}: its log has no line ${line}.`;
}

/** Asking which server an action needs failed. */
export function couldNotAskText(what: string, serverName: string, message: string): string {
  return `Could not ${what} on ${serverName}: ${message}`;
}

/** The `what` of restDeps and actionFailedText for each job action. */
export const ACTIONS = {
  cancel: (jobId: string) => `cancel job ${jobId}`,
  resubmit: (jobId: string) => `resubmit job ${jobId}`,
  readDefinition: (jobId: string) => `read the definition of job ${jobId}`,
  cancelFailed: (jobId: string, serverName: string) => `cancel LAVA job ${jobId} on ${serverName}`,
  readDefinitionFailed: (jobId: string, serverName: string) => `read the definition of LAVA job ${jobId} on ${serverName}`,
  resubmitting: (jobId: string, serverName: string) => `Resubmitting LAVA job ${jobId} on ${serverName}…`,
  resubmitCancelled: (jobId: string) => `resubmit LAVA job ${jobId}`,
  resubmitFailed: (jobId: string, serverName: string) => `resubmit LAVA job ${jobId} on ${serverName}`,
  submitJobs: 'submit jobs',
} as const;

/** Show Results. */
export const RESULTS = {
  reading: (jobId: string) => `Reading the results of LAVA job ${jobId}…`,
  title: (jobId: string) => `LAVA job ${jobId} — test results`,
  failed: (jobId: string, message: string) => `Could not read the results of LAVA job ${jobId}: ${message}`,
} as const;

/** Tokens: Set Token…, Forget Token, the stored token, plain http://. */
export const TOKENS = {
  notConfigured: (serverUrl: string) => `${serverUrl} is not one of your LAVA servers. Add it to lava.servers and set a token for it?`,
  notConfiguredDetail: 'A LAVA token is only ever sent to a server of lava.servers (your user settings).',
  prompt: (serverUrl: string, plainHttp: boolean) =>
    `API token for ${serverUrl} (create one in LAVA under your profile → API Tokens). Kept in VS Code's secret storage and sent only to ${serverUrl}.` +
    (plainHttp ? ' Warning: this server uses plain http://, the token would cross the network unencrypted.' : ''),
  title: (serverName: string) => `${TITLES.setToken} (${serverName})`,
  saved: (serverName: string) => `LAVA token saved for ${serverName}. Jobs followed from now on use it.`,
  forgetQuestion: (serverUrl: string) => `Forget the LAVA token for ${serverUrl}?`,
  forgotten: (serverName: string) => `LAVA token forgotten for ${serverName}.`,
  storedInvalid: (serverName: string, message: string) =>
    `The LAVA token stored for ${serverName} is not valid (${message}) and is not sent: set it again with "${TITLES.setToken}".`,
  invalid: (message: string) => `Not a valid LAVA token: ${message}`,
  plainHttpQuestion: (serverUrl: string) => `Send your LAVA token to ${serverUrl} over plain http://?`,
  plainHttpDetail:
    'The connection is not encrypted: anyone on the network between you and the server can read the token and act as you on LAVA. ' +
    'Use an https:// URL if the server has one. "Cancel" follows without the token (the server may then refuse private jobs). ' +
    'Your answer holds until VS Code restarts.',
} as const;

/** LAVA: Import lavacli Configuration. */
export const LAVACLI = {
  noConfiguration: (file: string) => `No lavacli configuration at ${file}.`,
  unreadable: (file: string, message: string) => `${file}: ${message}`,
  imported: (identities: number, newServers: number, tokens: number, skipped: readonly { identity: string; reason: string }[]) =>
    `Imported ${plural(identities, 'lavacli identity', 'lavacli identities')}: ` +
    `${plural(newServers, 'new server', 'new servers')}, ${plural(tokens, 'token', 'tokens')} saved in secret storage.` +
    (skipped.length ? ` Skipped: ${skipped.map((s) => `${s.identity} (${s.reason})`).join('; ')}.` : ''),
} as const;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A job log still being read: opening a large finished log, Go to First Error while it loads (issue 24). */
export const LOG_LOADING = {
  reading: (jobId: string) => `Reading the log of LAVA job ${jobId}…`,
  findingError: (jobId: string) => `Looking for the first error of LAVA job ${jobId}…`,
  linesRead: (lines: number) => `${lines.toLocaleString('en-US')} ${lines === 1 ? 'line' : 'lines'} read`,
  charactersRead: (chars: number) => `${(chars / 1e6).toFixed(1)} MB read`,
} as const;

/** Links that open jobs: job URLs in the terminal, in editors and the Output panel, and vscode://…/follow links. */
export const LINKS = {
  followTooltip: (jobId: string, serverName: string) => `Follow LAVA job ${jobId} (${serverName}) in VS Code`,
  askUnknownServer: (jobId: string, serverUrl: string) =>
    `A link asks to follow LAVA job ${jobId} on ${serverUrl}, which is not one of your LAVA servers (lava.servers).`,
  askUnknownServerDetail:
    'It would be followed there without a token: your tokens are only ever sent to their own server. Follow only if you trust the link.',
  followWithoutToken: 'Follow Without Token',
  refused: (reason: string) => `LAVA Follow did not follow the link: ${reason}`,
} as const;

/** LAVA: Save Job Log As… */
export const SAVE_LOG = {
  title: 'LAVA: Save Job Log As…',
  formatPlaceholder: (jobId: string) => `Save the log of LAVA job ${jobId} as`,
  raw: 'Raw log',
  rawDetail: "LAVA's YAML records (output.yaml), the records lavacli jobs logs --raw prints; the plain text on a log-tail server",
  plain: 'Plain text as shown',
  plainDetail: "The job log document's text: its levels and its time column",
  saveLabel: 'Save Log',
  filterYaml: 'LAVA log (YAML)',
  filterText: 'Text',
  progress: (jobId: string) => `Saving the log of LAVA job ${jobId}…`,
  written: (bytes: number) => `${formatBytes(bytes)} written`,
  saved: (jobId: string, path: string, bytes: number) => `Saved the log of LAVA job ${jobId} to ${path} (${formatBytes(bytes)}).`,
  failed: (jobId: string, message: string) => `Could not save the log of LAVA job ${jobId}: ${message}`,
  notLocal: 'Save Job Log As… writes to a local file: choose a file on this machine.',
} as const;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
