// REST readers for the LAVA view: `/api/v0.2/devices/`, `/devicetypes/`, `/workers/` (LAVA 2023.01 answers,
// captured in test/simulator/data/inventory.json), and XML-RPC `scheduler.devices.list` for each device's
// current job (REST's device has none on 2023.01). Every string read here is server text: untrusted.
import { LavaError } from '../../net/errors';
import { basicAuthorization, Credentials, fetchWithAuthorization, httpGet } from '../../net/http';
import { parseJson } from '../../net/json';
import { DeviceInfo, DeviceTypeInfo, WorkerInfo } from '../../model/device';
import { decodeResponse, encodeCall } from '../xmlrpc';
import { ListDeps } from './jobList';
import { Page, readPages } from './pages';
import { restBase } from './restUrls';

/** The most devices, device types or workers read from one server (pages of PAGE_SIZE). */
export const MAX_INVENTORY_ITEMS = 2000;
const PAGE_SIZE = 200;
/** The longest name kept from a list (hostnames and type names are short; longer is not LAVA's). */
const MAX_NAME = 200;
/** The largest `scheduler.devices.list` answer read (about 200 bytes a device). */
const MAX_RPC_BYTES = 2 * 1024 * 1024;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.slice(0, MAX_NAME) : undefined;
}

function listPage<T>(what: string, toItem: (entry: Record<string, unknown>) => T | undefined): (body: string) => Page<T> {
  return (body) => {
    const value = parseJson(body, what) as { results?: unknown; next?: unknown } | null;
    if (typeof value !== 'object' || value === null || !Array.isArray(value.results)) {
      throw new LavaError('bad-response', `${what} is not a LAVA list (no results).`);
    }
    const items: T[] = [];
    for (const entry of value.results) {
      if (typeof entry !== 'object' || entry === null) continue;
      const item = toItem(entry as Record<string, unknown>);
      if (item !== undefined) items.push(item);
    }
    return { items, next: typeof value.next === 'string' ? value.next : null };
  };
}

export const parseDevicePage = listPage<DeviceInfo>('The device list', (e) => {
  const hostname = text(e.hostname);
  const deviceType = text(e.device_type);
  if (!hostname || !deviceType) return undefined;
  return {
    hostname,
    deviceType,
    health: text(e.health) ?? 'Unknown',
    state: text(e.state) ?? 'Idle',
    worker: text(e.worker_host) ?? null,
    currentJob: null,
  };
});

export const parseDeviceTypePage = listPage<DeviceTypeInfo>('The device type list', (e) => {
  const name = text(e.name);
  return name ? { name } : undefined;
});

/** `/api/v0.2/tags/` (LAVA's TagSerializer: `{id, name, description}`; read with a token only). */
export const parseTagPage = listPage<string>('The tag list', (e) => text(e.name));

export const parseWorkerPage = listPage<WorkerInfo>('The worker list', (e) => {
  const hostname = text(e.hostname);
  if (!hostname) return undefined;
  return { hostname, state: text(e.state) ?? 'Offline', health: text(e.health) ?? 'Active' };
});

async function readList<T>(serverUrl: string, path: string, parse: (body: string) => Page<T>, deps: ListDeps): Promise<T[]> {
  const first = `${restBase(serverUrl)}/${path}/?limit=${PAGE_SIZE}`;
  const pages = await readPages(first, deps, parse, { maxItems: MAX_INVENTORY_ITEMS, maxPages: MAX_INVENTORY_ITEMS / PAGE_SIZE });
  return pages.items;
}

/** Every device the token may see (retired ones included: LAVA lists them), at most MAX_INVENTORY_ITEMS. */
export function listDevices(serverUrl: string, deps: ListDeps): Promise<DeviceInfo[]> {
  return readList(serverUrl, 'devices', parseDevicePage, deps);
}

export function listDeviceTypes(serverUrl: string, deps: ListDeps): Promise<DeviceTypeInfo[]> {
  return readList(serverUrl, 'devicetypes', parseDeviceTypePage, deps);
}

export function listTags(serverUrl: string, deps: ListDeps): Promise<string[]> {
  return readList(serverUrl, 'tags', parseTagPage, deps);
}

export function listWorkers(serverUrl: string, deps: ListDeps): Promise<WorkerInfo[]> {
  return readList(serverUrl, 'workers', parseWorkerPage, deps);
}

export interface RpcDeps extends ListDeps {
  /** The token's user: /RPC2 takes the token only as HTTP Basic `user:token`; without it the call is anonymous. */
  username?: string;
  credentials?: Credentials;
}

/**
 * Each device's current job from XML-RPC `scheduler.devices.list` (lava_scheduler_app/api/devices.py:
 * `[{hostname, type, health, state, current_job: int|None, pipeline}]`), as hostname → job id.
 * Undefined when the server has no usable /RPC2 (not there, refused, not XML-RPC): the view then
 * takes the running jobs' devices instead.
 */
export async function rpcCurrentJobs(serverUrl: string, deps: RpcDeps): Promise<Map<string, string> | undefined> {
  const { credentials, username } = deps;
  const fetch =
    credentials && username
      ? fetchWithAuthorization(deps.fetch, credentials.serverUrl, basicAuthorization(username, credentials.token))
      : deps.fetch;
  let body: string;
  try {
    const res = await httpGet(`${serverUrl}/RPC2`, {
      fetch,
      timeoutMs: deps.timeoutMs,
      signal: deps.signal,
      method: 'POST',
      body: encodeCall('scheduler.devices.list', []),
      contentType: 'text/xml',
      accept: '*/*',
      maxBodyBytes: MAX_RPC_BYTES,
    });
    body = res.body;
  } catch (err) {
    if (err instanceof LavaError && !err.transient && err.kind !== 'aborted' && err.kind !== 'internal') return undefined;
    throw err;
  }
  let answer;
  try {
    answer = decodeResponse(body);
  } catch {
    return undefined;
  }
  if (answer.kind !== 'value' || !Array.isArray(answer.value)) return undefined;
  const jobs = new Map<string, string>();
  for (const entry of answer.value) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const hostname = text(entry.hostname);
    const job = entry.current_job;
    if (hostname && typeof job === 'number' && Number.isSafeInteger(job) && job >= 0) jobs.set(hostname, String(job));
  }
  return jobs;
}
