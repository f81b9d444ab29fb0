// The simulator's devices, device types and workers: `/api/v0.2/devices/`, `/devicetypes/`, `/workers/`
// (LAVA 2023.01 answers, captured in data/inventory/: the workers' tokens removed) and XML-RPC
// `scheduler.devices.list` (lava_scheduler_app/api/devices.py). Tests change `devices`/`workers` at will.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from './fixtures';
import { ALLOW_READ, drfJson } from './respond';
import type { Reply } from './respond';

const DATA = join(DATA_DIR, 'inventory');

function captured(name: string): Record<string, unknown>[] {
  return (JSON.parse(readFileSync(join(DATA, `${name}.json`), 'utf8')) as { results: Record<string, unknown>[] }).results;
}

export interface SimDevice {
  hostname: string;
  deviceType: string;
  health: string;
  state: string;
  worker: string | null;
  currentJob: number | null;
}

export class Inventory {
  devices: SimDevice[];
  deviceTypes: string[];
  workers: Record<string, unknown>[];
  /** Requests served, by path (tests count them). */
  readonly requests = new Map<string, number>();

  constructor() {
    this.devices = captured('devices').map((d) => ({
      hostname: String(d.hostname),
      deviceType: String(d.device_type),
      health: String(d.health),
      state: String(d.state),
      worker: typeof d.worker_host === 'string' ? d.worker_host : null,
      currentJob: null,
    }));
    this.deviceTypes = captured('devicetypes').map((t) => String(t.name));
    this.workers = captured('workers');
  }

  /** Many devices (the benchmark's, a paging test's): `n` devices over `types` device types. */
  generate(n: number, types: number): void {
    this.deviceTypes = Array.from({ length: types }, (_, i) => `type-${i}`);
    this.devices = Array.from({ length: n }, (_, i) => ({
      hostname: `board-${String(i).padStart(4, '0')}`,
      deviceType: `type-${i % types}`,
      health: i % 17 === 0 ? 'Bad' : 'Good',
      state: i % 3 === 0 ? 'Running' : 'Idle',
      worker: 'real-lava-worker',
      currentJob: i % 3 === 0 ? 1000 + i : null,
    }));
  }

  private count(path: string): void {
    this.requests.set(path, (this.requests.get(path) ?? 0) + 1);
  }

  /** The REST list at `p` (under /api/v0.2), with DRF's limit/offset paging; undefined for another path. */
  restList(p: string, rawQuery: string, origin: string): Reply | undefined {
    let all: unknown[];
    if (p === '/devices/') {
      all = this.devices.map((d) => ({
        hostname: d.hostname,
        device_type: d.deviceType,
        device_version: null,
        physical_owner: null,
        physical_group: null,
        description: null,
        tags: [],
        state: d.state,
        health: d.health,
        last_health_report_job: null,
        worker_host: d.worker,
        is_synced: false,
      }));
    } else if (p === '/devicetypes/') {
      all = this.deviceTypes.map((name) => ({ name, architecture: null, aliases: [], display: true }));
    } else if (p === '/workers/') {
      all = this.workers;
    } else return undefined;
    this.count(p);
    const q = new URLSearchParams(rawQuery);
    const limit = Math.max(1, Number(q.get('limit') ?? 50) || 50);
    const offset = Math.max(0, Number(q.get('offset') ?? 0) || 0);
    const page = all.slice(offset, offset + limit);
    const link = (o: number) => `${origin}/api/v0.2${p}?limit=${limit}${o > 0 ? `&offset=${o}` : ''}`;
    return drfJson(
      200,
      {
        count: all.length,
        next: offset + limit < all.length ? link(offset + limit) : null,
        previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
        results: page,
      },
      ALLOW_READ,
    );
  }

  /** `scheduler.devices.list()`: the devices not retired, by hostname. */
  rpcDevicesList(): Reply {
    this.count('/RPC2 scheduler.devices.list');
    const member = (name: string, value: string) => `<member>\n<name>${name}</name>\n<value>${value}</value>\n</member>\n`;
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const structs = this.devices
      .filter((d) => d.health !== 'Retired')
      .sort((a, b) => (a.hostname < b.hostname ? -1 : 1))
      .map(
        (d) =>
          '<value><struct>\n' +
          member('hostname', `<string>${esc(d.hostname)}</string>`) +
          member('type', `<string>${esc(d.deviceType)}</string>`) +
          member('health', `<string>${esc(d.health)}</string>`) +
          member('state', `<string>${esc(d.state)}</string>`) +
          member('current_job', d.currentJob === null ? '<nil/>' : `<int>${d.currentJob}</int>`) +
          member('pipeline', '<boolean>1</boolean>') +
          '</struct></value>\n',
      )
      .join('');
    return {
      status: 200,
      headers: { 'Content-Type': 'application/xml', 'X-Frame-Options': 'DENY', Vary: 'Cookie' },
      body: `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n${structs}</data></array></value>\n</param>\n</params>\n</methodResponse>\n`,
    };
  }
}
