// core/text — every sentence a user reads, in one place.
import { LavaError } from '../net/errors';
import { HTML_ANSWER } from '../net/http';
import { originOf } from '../net/urls';
import { plainUrlPath } from '../config/inputText';
import { FollowNotice } from '../follow/follower';
import { SourceEvent } from '../follow/logSource';
import { JobOutcome } from '../model/job';
import { resultCountsText } from './resultsText';

/** The words a user sees for each follow event and error kind, in one place. */
const SET_TOKEN_COMMAND_TITLE = 'LAVA: Set Token…';

export function noticeText(notice: FollowNotice): string {
  switch (notice.kind) {
    case 'reconnecting':
      return reconnectingText(notice.error);
    case 'reconnected':
      return 'Reconnected.';
    default:
      return sourceEventText(notice);
  }
}

/** What a log source learnt about the job or the server, as the channel says it. */
export function sourceEventText(event: SourceEvent): string {
  switch (event.kind) {
    case 'queued':
      return queuedText(event.jobId, event.state, event.deviceType);
    case 'no-log':
      return noLogText(event.jobId);
    case 'rpc-refused':
      return rpcRefusedText(event.server, event.user, event.status);
    case 'restarted':
      return 'The log was restarted on the server: showing it again from the beginning.';
  }
}

/** The channel's line while a job waits in the queue (once per state it waits in). */
export function queuedText(jobId: string, state: string, deviceType?: string): string {
  return `Job ${jobId} is ${state}: waiting for a device${deviceType ? ` (${deviceType})` : ''}.`;
}

/** While the follower retries: what went wrong, and what happens now (ends with "Reconnecting…" for the server being away). */
export function reconnectingText(error: LavaError): string {
  const message = clean(error.message);
  switch (error.kind) {
    case 'server':
      return `${message} LAVA may be restarting or a proxy lost it: retrying until it answers. Reconnecting…`;
    case 'network':
      return `${message} Retrying until it can be reached. Reconnecting…`;
    case 'timeout':
      return `${message} Retrying. Reconnecting…`;
    case 'rate-limited': {
      const wait = error.retryAfterMs !== undefined ? ` in ${Math.max(1, Math.round(error.retryAfterMs / 1000))} s, as it asks` : ' later';
      return `${message} Asking again${wait}. Reconnecting…`;
    }
    case 'bad-response':
      return `${message} This is not what a LAVA server answers: asking again a few times before giving up.`;
    default:
      return `${message} Trying again…`;
  }
}

/** Why following a job ended in failure, one sentence (or two) per kind of error. */
export function followErrorText(error: LavaError, jobLabel: string, serverName: string): string {
  const message = clean(error.message);
  switch (error.kind) {
    case 'not-found':
      return `${jobLabel} was not found on ${serverName}. If it is private, set a token with "${SET_TOKEN_COMMAND_TITLE}".`;
    case 'unauthorized':
      return `${serverName} refused access to ${jobLabel}: ${message} Set a valid token with "${SET_TOKEN_COMMAND_TITLE}".`;
    case 'bad-response':
      return `${serverName} did not answer like a LAVA server for ${jobLabel}, several times in a row: ${message}${
        message.includes(HTML_ANSWER) ? ' Check the server URL, or sign in to it in a browser (VPN, single sign-on).' : ''
      }`;
    case 'rate-limited':
      return `${serverName} kept asking to slow down while following ${jobLabel}: ${message}`;
    case 'too-large':
      return `Following ${jobLabel} on ${serverName} stopped: ${message} (LAVA Follow reads at most that much at once).`;
    case 'internal':
      return `Following ${jobLabel} stopped on a bug of LAVA Follow, not of ${serverName}: ${message.replace(/^Internal error of LAVA Follow \(please report it\): /, '')} Please report it.`;
    case 'http':
      return `Following ${jobLabel} on ${serverName} failed: ${message}`;
    case 'server':
    case 'network':
    case 'timeout':
      return `Following ${jobLabel} failed: ${serverName} could not be reached: ${message}`;
    case 'aborted':
      return `Stopped following ${jobLabel}.`;
  }
}

/** The channel's last line for a Finished job whose log LAVA no longer has (or never had). */
export function noLogText(jobId: string): string {
  return `LAVA has no log for job ${jobId} (it may have been removed, or the job never ran).`;
}

/** The channel's notice when /RPC2 refuses the token sent as Basic `username:token` (HTTP 401/403). */
export function rpcRefusedText(serverUrl: string, username: string, status: number): string {
  return (
    `${originOf(serverUrl)}/RPC2 refused the token as user "${username}" (HTTP ${status}): is that your user name on this ` +
    "server (lava.servers' username)? The job's state is read over REST instead."
  );
}

/** Auto-detection found neither protocol at a server's URL. */
export function notLavaServerText(serverUrl: string): string {
  return `${displayUrl(serverUrl)} does not look like a LAVA server: neither the REST API (/api/v0.2/) nor the log-tail endpoint answered. Is the URL right?`;
}

/** A server set to `api: rest` has no REST API. */
export function notRestText(serverUrl: string): string {
  return `${displayUrl(serverUrl)} has no LAVA REST API (/api/v0.2/ is not there), though it is set to "api": "rest". Is the URL right? If the server only speaks log-tail, set its "api" to "log-tail" or "auto".`;
}

/** A URL without any user name or password it may hold. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.pathname = plainUrlPath(u.pathname); // `[ ] ( )` kept by the parser: never a link or an icon
    u.search = plainUrlPath(u.search.slice(1));
    u.hash = plainUrlPath(u.hash.slice(1));
    const shown = u.toString();
    return url.endsWith('/') ? shown : shown.replace(/\/$/, '');
  } catch {
    return plainUrlPath(url);
  }
}

/** A message as shown: never a token (the http layer redacts it already), never a password of a URL. */
function clean(message: string): string {
  return message.replace(/(https?:\/\/)[^/\s@]*@/g, '$1').replace(/Token [A-Za-z0-9._~+/=-]{8,}/g, 'Token [token]');
}

export interface FinishMessage {
  severity: 'information' | 'warning' | 'error';
  text: string;
}

/** The notification for a finished job: its health, its results, and for a failure LAVA's reason. */
export function finishMessage(jobLabel: string, outcome?: JobOutcome): FinishMessage {
  if (!outcome || outcome.health === 'Unknown') return { severity: 'information', text: `${jobLabel} finished` };
  const counts = outcome.results ? resultCountsText(outcome.results) : '';
  switch (outcome.health) {
    case 'Complete':
      return { severity: 'information', text: `${jobLabel} Complete${counts ? ` — ${counts}` : ''}` };
    case 'Incomplete':
      return { severity: 'error', text: `${jobLabel} Incomplete${outcome.reason ? ` — ${outcome.reason}` : ''}` };
    case 'Canceled':
      return { severity: 'warning', text: `${jobLabel} Canceled${outcome.reason ? ` — ${outcome.reason}` : ''}` };
  }
}

/** A LAVA release name as a server reports it (`2026.07`, `2023.01+bookworm`), or undefined for anything else. */
export function plainLavaVersion(v: unknown): string | undefined {
  return typeof v === 'string' && /^[0-9][0-9A-Za-z.+~-]{0,31}$/.test(v) ? v : undefined;
}

/**
 * A LAVA server with REQUIRE_LOGIN redirected the REST API to its login page: without a token
 * (or with one it does not know). `version`: what its open /api/v0.2/system/version/ said.
 */
export function loginRequiredText(serverUrl: string, version: string | undefined, tokenSent: boolean): string {
  const server = version === undefined ? 'this LAVA server' : `this LAVA server (version ${version})`;
  return tokenSent
    ? `${displayUrl(serverUrl)} answered its login page although a token was sent: ${server} requires login and does not accept that token.`
    : `${displayUrl(serverUrl)} answered its login page: ${server} requires login, so it needs a token.`;
}
