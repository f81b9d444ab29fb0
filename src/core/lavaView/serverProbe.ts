// What Add Server… and Test Connection ask a server: its version (`/api/v0.2/system/version/`: open
// without login from 2023.04; on 2023.01 with REQUIRE_LOGIN a 403 or a redirect to the login page), its
// events (`/api/v0.2/system/master_config/`: EVENT_NOTIFICATION, EVENT_TOPIC) and who the token is.
import { LavaError } from '../net/errors';
import { httpGet, isHtml } from '../net/http';
import { parseJson } from '../net/json';
import { ListDeps } from '../protocols/rest/jobList';
import { restBase } from '../protocols/rest/restUrls';

export type VersionProbe =
  | { kind: 'version'; version: string }
  /** The server wants a login (or a token) before it says. */
  | { kind: 'login' }
  | { kind: 'error'; message: string };

const MAX_VERSION = 40;

export async function probeVersion(serverUrl: string, deps: ListDeps): Promise<VersionProbe> {
  try {
    const res = await httpGet(`${restBase(serverUrl)}/system/version/`, { ...deps, maxBodyBytes: 64 * 1024 });
    // LAVA 2023.01 with REQUIRE_LOGIN redirects to its login page (followed: an HTML 200).
    if (isHtml(res.headers, res.body)) return { kind: 'login' };
    const version = (parseJson(res.body, 'The version answer') as { version?: unknown } | null)?.version;
    if (typeof version !== 'string' || version === '') return { kind: 'error', message: 'no version in the answer' };
    return { kind: 'version', version: version.slice(0, MAX_VERSION) };
  } catch (err) {
    if (err instanceof LavaError && (err.kind === 'unauthorized' || (err.kind === 'bad-response' && /HTML|login/i.test(err.message)))) {
      return { kind: 'login' };
    }
    return { kind: 'error', message: err instanceof LavaError ? err.message : String(err) };
  }
}

export type EventsProbe = { kind: 'on'; topic: string } | { kind: 'off' } | { kind: 'unknown' };

export async function probeEvents(serverUrl: string, deps: ListDeps): Promise<EventsProbe> {
  try {
    const res = await httpGet(`${restBase(serverUrl)}/system/master_config/`, { ...deps, maxBodyBytes: 64 * 1024 });
    const config = parseJson(res.body, 'The master_config answer') as { EVENT_NOTIFICATION?: unknown; EVENT_TOPIC?: unknown } | null;
    if (typeof config !== 'object' || config === null || typeof config.EVENT_NOTIFICATION !== 'boolean') return { kind: 'unknown' };
    if (!config.EVENT_NOTIFICATION) return { kind: 'off' };
    return { kind: 'on', topic: typeof config.EVENT_TOPIC === 'string' ? config.EVENT_TOPIC.slice(0, 100) : '' };
  } catch {
    return { kind: 'unknown' };
  }
}
