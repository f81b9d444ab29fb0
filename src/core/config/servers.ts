// The servers of `lava.servers`: a URL as typed, checked and normalized, and which server a URL names.
import { firstInvisible, MAX_INPUT_LENGTH, plainUrlPath, schemeOf } from './inputText';
import { parseJobRef } from './jobRef';

/** A LAVA server as configured in `lava.servers`. */
export interface ServerConfig {
  name: string;
  /** Base URL, e.g. `https://lava.example.org` (no trailing slash once normalized). */
  url: string;
  /** Which protocol to speak: REST API v0.2, the log-tail endpoint, or find out once. */
  api?: ServerApi;
  /** The user's name on this server, for "only my jobs" where the server cannot tell (no whoami). */
  username?: string;
  /**
   * LAVA's event stream: `auto` (`<server origin>/ws/` when master_config says events are on), `off`,
   * or the WebSocket URL (ws:// or wss://; http(s):// is taken as ws(s)://) set for an unusual setup.
   */
  events?: EventsSetting;
}

/** `auto`, `off`, or a normalized `ws://`/`wss://` URL. */
export type EventsSetting = 'auto' | 'off' | string;

export type ServerApi = 'auto' | 'rest' | 'log-tail';

export type UrlCheck = { ok: true; url: string; note?: string } | { ok: false; message: string };

const EXAMPLE = 'e.g. https://lava.example.org';

/**
 * Checks and normalizes a server base URL typed by a user, passed by another extension, or
 * read from lavacli: http(s) only, no credentials, no spaces or invisible characters. The
 * result is the origin and the path prefix without trailing slashes (two LAVA instances on one
 * host are two servers); lavacli's `/RPC2` is dropped, and so are a query and a fragment, with a note.
 */
export function normalizeServerUrl(input: string): UrlCheck {
  const text = input.trim();
  if (!text) return fail(`Enter the URL of a LAVA server, ${EXAMPLE}`);
  if (text.length > MAX_INPUT_LENGTH) return fail('This is too long for a server URL.');
  const invisible = firstInvisible(text);
  if (invisible) return fail(`A server URL has no spaces or invisible characters (this one has ${invisible}).`);
  const scheme = schemeOf(text);
  if (
    !scheme ||
    /^[^:/?#]+:\d/.test(text) ||
    ((scheme === 'http:' || scheme === 'https:') && !text.slice(scheme.length).startsWith('//'))
  ) {
    return fail(`Start the URL with https:// (or http://), ${EXAMPLE}`);
  }
  if (scheme !== 'http:' && scheme !== 'https:') {
    return fail(`Only http:// and https:// servers are supported, not ${scheme.slice(0, 20)}`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('This is not a valid URL: use https://host or http://host:port');
  }
  if (url.username || url.password) {
    return fail('Do not put credentials in the URL: use "LAVA: Set Token…".');
  }
  const job = parseJobRef(text);
  if (job.ok && job.ref.serverUrl !== undefined) {
    return fail(`This is the URL of a job: the server's URL is ${job.ref.serverUrl}`);
  }
  // lavacli's identities point at XML-RPC (`/RPC2`): the server's base is what precedes it.
  const path = plainUrlPath(url.pathname)
    .replace(/\/+$/, '')
    .replace(/\/RPC2$/i, '')
    .replace(/\/+$/, '');
  const normalized = url.origin + path;
  if (url.search || url.hash) {
    return { ok: true, url: normalized, note: `A query (?…) or fragment (#…) is not part of a server's URL: using ${normalized}` };
  }
  return { ok: true, url: normalized };
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

/** A URL's origin and path without trailing slashes, for exact comparison; undefined when it is not an http(s) URL. */
function baseOf(serverUrl: string): string | undefined {
  try {
    const url = new URL(serverUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/** Reads the raw `lava.servers` setting, dropping entries that are not usable. */
export function readServers(raw: unknown): ServerConfig[] {
  if (!Array.isArray(raw)) return [];
  const servers: ServerConfig[] = [];
  for (const entry of raw) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { name, url, api, username, events } = entry as Record<string, unknown>;
    if (typeof url !== 'string') continue;
    const checked = normalizeServerUrl(url);
    if (!checked.ok) continue;
    servers.push({
      name: typeof name === 'string' && name.trim() ? name.trim() : new URL(checked.url).host,
      url: checked.url,
      api: api === 'rest' || api === 'log-tail' || api === 'auto' ? api : 'auto',
      ...(typeof username === 'string' && username.trim() ? { username: username.trim() } : {}),
      ...(events !== undefined && events !== 'auto' ? { events: eventsSetting(events) } : {}),
    });
  }
  return servers;
}

/**
 * A server's `events` value: `auto`, `off`, or a WebSocket URL (http(s) is taken as ws(s); no
 * credentials, no spaces). Anything else is `off`: a mistyped URL connects nowhere rather than somewhere guessed.
 */
export function eventsSetting(value: unknown): EventsSetting {
  if (value === 'auto' || value === undefined) return 'auto';
  if (typeof value !== 'string' || value.length > MAX_INPUT_LENGTH || firstInvisible(value) || /\s/.test(value)) return 'off';
  const text = value.trim();
  if (text === 'off' || text === 'auto') return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'off';
  }
  if (url.username || url.password || url.hash) return 'off';
  const scheme = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' }[url.protocol];
  if (!scheme) return 'off';
  return `${scheme}//${url.host}${url.pathname}${url.search}`;
}

/** A server that is not (yet) in `lava.servers`, named by its host (and path, for an instance under a path). */
export function unnamedServer(url: string): ServerConfig {
  const { host, pathname } = new URL(url);
  return { name: host + plainUrlPath(pathname).replace(/\/+$/, ''), url, api: 'auto' }; // shown: never a link or an icon
}

/** The configured server a job URL's base belongs to, else that base as an unnamed server. */
export function serverOrUnnamed(servers: readonly ServerConfig[], serverUrl: string): ServerConfig {
  return resolveServer(servers, serverUrl).server;
}

/** A server by its base URL, and whether it is one of `lava.servers` (only those are sent a token). */
export function resolveServer(servers: readonly ServerConfig[], serverUrl: string): { server: ServerConfig; configured: boolean } {
  const server = serverForUrl(servers, serverUrl);
  return server ? { server, configured: true } : { server: unnamedServer(serverUrl), configured: false };
}

/**
 * The configured server whose base URL is exactly `serverUrl` (origin and path prefix, trailing
 * slashes aside). A job pasted from `https://h/staging/…` is not a job of `https://h`: it belongs
 * to the server configured as `https://h/staging`, or to none.
 */
export function serverForUrl(servers: readonly ServerConfig[], serverUrl: string): ServerConfig | undefined {
  const target = baseOf(serverUrl);
  if (target === undefined) return undefined;
  return servers.find((server) => baseOf(server.url) === target);
}
