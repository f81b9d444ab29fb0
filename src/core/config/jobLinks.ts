// core/config — LAVA job URLs in any text (a terminal line, an editor, the Output panel, a vscode:// link).
import { jobPageUrl, parseJobRef } from './jobRef';
import { MAX_INPUT_LENGTH } from './inputText';
import { ServerConfig, serverForUrl } from './servers';

/** A job URL found in a text: where it is, and the job it names on a configured server. */
export interface JobLink {
  /** Offsets in the text: [start, end). */
  start: number;
  end: number;
  jobId: string;
  server: ServerConfig;
  /** The job's page rebuilt from the configured server's URL and the id (never the text as found). */
  url: string;
}

/** The most of a text looked at for links (a huge document or line is scanned in bounded time). */
export const MAX_LINK_SCAN_CHARS = 256 * 1024;
/** The most links given for one text. */
export const MAX_JOB_LINKS = 1000;

// A URL as it appears in running text: stops at spaces, quotes, angle brackets and controls.
const CANDIDATE = /https?:\/\/[^\s"'<>`\\^{}|\p{Cc}]+/giu;
// Punctuation a sentence puts after a URL: not part of it.
const TRAILING = /[.,;:!?)\]}*]+$/;
// A job URL names a job somewhere in its path (cheap test before the URL is parsed).
const JOB_HINT = /\/(?:scheduler\/job|api\/v0\.2\/jobs|lava-server\/job)\/[0-9]/;

/**
 * The job URLs of `text` whose server is one of `servers` (origin and path prefix: a URL of any
 * other server is no link); at most `maxLinks`, in the first `maxChars` characters. A URL cut by
 * that bound is not given (it would name another job).
 */
export function findJobLinks(
  text: string,
  servers: readonly ServerConfig[],
  limits: { maxChars?: number; maxLinks?: number } = {},
): JobLink[] {
  if (servers.length === 0) return [];
  const maxChars = limits.maxChars ?? MAX_LINK_SCAN_CHARS;
  const maxLinks = limits.maxLinks ?? MAX_JOB_LINKS;
  const scanned = text.length > maxChars ? text.slice(0, maxChars) : text;
  const links: JobLink[] = [];
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(scanned); m !== null && links.length < maxLinks; m = CANDIDATE.exec(scanned)) {
    const end = m.index + m[0].length;
    if (end === scanned.length && scanned.length < text.length) break;
    const candidate = m[0].replace(TRAILING, '');
    if (candidate.length > MAX_INPUT_LENGTH || !JOB_HINT.test(candidate)) continue;
    const link = jobLinkOf(candidate, servers);
    if (link) links.push({ ...link, start: m.index, end: m.index + candidate.length });
  }
  return links;
}

/** The job a job URL names on a configured server, or undefined (not a job URL, or another server). */
export function jobLinkOf(url: string, servers: readonly ServerConfig[]): Omit<JobLink, 'start' | 'end'> | undefined {
  const parsed = parseJobRef(url);
  if (!parsed.ok || !parsed.ref.serverUrl) return undefined;
  const server = serverForUrl(servers, parsed.ref.serverUrl);
  if (!server) return undefined;
  return { jobId: parsed.ref.jobId, server, url: jobPageUrl(server.url.replace(/\/+$/, ''), parsed.ref.jobId) };
}

/** Longest query a vscode://…/follow link may have. */
const MAX_FOLLOW_QUERY = 4096;

/**
 * What `vscode://<publisher>.lava-follow/follow?url=<job URL>` asks (a link in a browser, an
 * e-mail, a CI page: anyone may write one):
 * - `follow`: a job of a configured server (its token goes only to that server);
 * - `ask`: a job URL of a server that is not configured: never followed without the user's yes,
 *   and then without a token;
 * - `refuse`: anything else, with the reason.
 */
export type FollowLinkDecision =
  | { kind: 'follow'; jobId: string; server: ServerConfig; url: string }
  | { kind: 'ask'; jobId: string; serverUrl: string; url: string }
  | { kind: 'refuse'; reason: string };

export function followLinkDecision(path: string, query: string, servers: readonly ServerConfig[]): FollowLinkDecision {
  if (path.replace(/\/+$/, '') !== '/follow') return refuse('it is not a follow link (vscode://…/follow?url=<job URL>).');
  if (query.length > MAX_FOLLOW_QUERY) return refuse('it is too long.');
  let url: string | null;
  try {
    url = new URLSearchParams(query).get('url');
  } catch {
    url = null;
  }
  if (!url) return refuse('it names no job URL (…/follow?url=<job URL>).');
  const parsed = parseJobRef(url);
  if (!parsed.ok) return refuse(parsed.message);
  if (!parsed.ref.serverUrl) return refuse('it names a job id without its server: the link needs the job URL.');
  const known = jobLinkOf(url, servers);
  if (known) return { kind: 'follow', ...known };
  const serverUrl = parsed.ref.serverUrl;
  return { kind: 'ask', jobId: parsed.ref.jobId, serverUrl, url: jobPageUrl(serverUrl, parsed.ref.jobId) };
}

function refuse(reason: string): FollowLinkDecision {
  return { kind: 'refuse', reason };
}
