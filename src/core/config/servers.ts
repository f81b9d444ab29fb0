// core/config — what the user configures or types: servers, job references, lavacli identities.
/** A LAVA server as configured in `lava.servers`. */
export interface ServerConfig {
  name: string;
  /** Base URL, e.g. `https://lava.example.org` (no trailing slash once normalized). */
  url: string;
  /** Which protocol to speak: REST API v0.2, the log-tail endpoint, or find out once. */
  api?: ServerApi;
  /** The user's name on this server, for "only my jobs" where the server cannot tell (no whoami). */
  username?: string;
}

export type ServerApi = 'auto' | 'rest' | 'log-tail';

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

/** Checks and normalizes a server base URL typed by a user. */
export function normalizeServerUrl(input: string): UrlCheck {
  const text = input.trim();
  if (!text) return { ok: false, message: 'Enter the URL of a LAVA server, e.g. https://lava.example.org' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `"${text}" is not a URL: use https://host or http://host:port` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: 'Only http:// and https:// servers are supported.' };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Do not put credentials in the URL: use "LAVA: Set Token…".' };
  }
  // lavacli's identities point at XML-RPC (`/RPC2`): the server's base is what precedes it.
  const path = url.pathname.replace(/\/RPC2\/?$/i, '').replace(/\/+$/, '');
  return { ok: true, url: url.origin + path };
}

/** Reads the raw `lava.servers` setting, dropping entries that are not usable. */
export function readServers(raw: unknown): ServerConfig[] {
  if (!Array.isArray(raw)) return [];
  const servers: ServerConfig[] = [];
  for (const entry of raw) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { name, url, api, username } = entry as Record<string, unknown>;
    if (typeof url !== 'string') continue;
    const checked = normalizeServerUrl(url);
    if (!checked.ok) continue;
    servers.push({
      name: typeof name === 'string' && name.trim() ? name.trim() : new URL(checked.url).host,
      url: checked.url,
      api: api === 'rest' || api === 'log-tail' || api === 'auto' ? api : 'auto',
      ...(typeof username === 'string' && username.trim() ? { username: username.trim() } : {}),
    });
  }
  return servers;
}

/** A server that is not (yet) in `lava.servers`, named by its host. */
export function unnamedServer(url: string): ServerConfig {
  return { name: new URL(url).host, url, api: 'auto' };
}

/** The configured server a job URL's base belongs to, else that base as an unnamed server. */
export function serverOrUnnamed(servers: readonly ServerConfig[], serverUrl: string): ServerConfig {
  return serverForUrl(servers, serverUrl) ?? unnamedServer(serverUrl);
}

/** The configured server a pasted job URL belongs to: same origin, longest matching path prefix. */
export function serverForUrl(servers: readonly ServerConfig[], serverUrl: string): ServerConfig | undefined {
  const target = new URL(serverUrl);
  let best: ServerConfig | undefined;
  for (const server of servers) {
    const s = new URL(server.url);
    if (s.origin !== target.origin) continue;
    if (!(target.pathname + '/').startsWith(s.pathname.replace(/\/+$/, '') + '/')) continue;
    if (!best || server.url.length > best.url.length) best = server;
  }
  return best;
}
