// Where a server's events are: its `events` setting and what `/api/v0.2/system/master_config/` says.
//
// LAVA answers master_config with `{"EVENT_TOPIC": "org.lavasoftware", "EVENT_SOCKET": "tcp://…",
// "EVENT_NOTIFICATION": true, "LOG_SIZE_LIMIT": 5}` (2023.01 and later). EVENT_SOCKET is lava-publisher's
// ZMQ socket, not for us: production servers proxy the publisher's WebSocket at `<origin>/ws/`.
import type { ServerConfig } from '../config/servers';
import { LavaError } from '../net/errors';
import { httpGet, RequestOptions } from '../net/http';
import { parseJson } from '../net/json';
import { restBase } from '../protocols/rest/restUrls';

export interface MasterConfig {
  /** EVENT_NOTIFICATION: the server publishes events. */
  notification: boolean;
  /** EVENT_TOPIC: the prefix of every topic (`org.lavasoftware`). */
  topic: string | undefined;
}

/** What a stream connects to: the URL, the topic prefix (undefined: not known), and whether the URL is one the user set. */
export type EventsTarget = { kind: 'off'; reason: 'setting' | 'server' } | { kind: 'socket'; url: string; topic: string | undefined };

const MAX_TOPIC_CHARS = 200;

/** Reads and checks master_config (a `bad-response` LavaError for anything that is not it). */
export async function readMasterConfig(serverUrl: string, opts: RequestOptions): Promise<MasterConfig> {
  const res = await httpGet(`${restBase(serverUrl)}/system/master_config/`, { ...opts, maxBodyBytes: 64 * 1024 });
  const value = parseJson(res.body, 'The master_config answer');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LavaError('bad-response', 'The master_config answer is not an object.');
  }
  const { EVENT_NOTIFICATION: notification, EVENT_TOPIC: topic } = value as Record<string, unknown>;
  return {
    notification: notification === true,
    topic: typeof topic === 'string' && topic.length > 0 && topic.length <= MAX_TOPIC_CHARS ? topic : undefined,
  };
}

/** `<server origin>/ws/` as a WebSocket URL (`https:` → `wss:`). */
export function defaultEventsUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}/ws/`;
}

/**
 * Where `server`'s events are. `off` asks nothing. `auto` asks master_config (its errors are thrown:
 * the stream retries) and connects to `<origin>/ws/` only when EVENT_NOTIFICATION is true. A URL set
 * by hand is used as it is; master_config only gives its topic prefix (any topic is taken when it
 * cannot be read).
 */
export async function eventsTarget(server: ServerConfig, readConfig: () => Promise<MasterConfig>): Promise<EventsTarget> {
  const setting = server.events ?? 'auto';
  if (setting === 'off') return { kind: 'off', reason: 'setting' };
  if (setting === 'auto') {
    const config = await readConfig();
    if (!config.notification) return { kind: 'off', reason: 'server' };
    return { kind: 'socket', url: defaultEventsUrl(server.url), topic: config.topic };
  }
  let topic: string | undefined;
  try {
    topic = (await readConfig()).topic;
  } catch {
    topic = undefined;
  }
  return { kind: 'socket', url: setting, topic };
}
