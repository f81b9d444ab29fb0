// The Devices view's model: per server, devices grouped by device type, with health and state, worker (offline
// workers shown as such), current job, and per device type the jobs waiting. Read over REST (+ XML-RPC for
// current jobs), kept current by device, worker and job events. Pure.
import { ServerConfig } from '../config/servers';
import { DeviceEvent, JobEvent, WorkerEvent } from '../events/lavaEvent';
import { DeviceInfo, DeviceTypeInfo, WorkerInfo } from '../model/device';
import { deviceTooltipLines, LAVA_VIEW, queuedForTypeText, couldNotReadText } from '../text/lavaViewText';
import { plainTreeText } from '../untrusted/plainForSurface';
import { Presentation } from './presentation';

export interface ServerDevices {
  server: ServerConfig;
  devices: Map<string, DeviceInfo>;
  types: Map<string, DeviceTypeInfo>;
  workers: Map<string, WorkerInfo>;
  loaded: boolean;
  error?: string;
}

export type DeviceNode =
  | { kind: 'server'; serverUrl: string }
  | { kind: 'type'; serverUrl: string; deviceType: string }
  | { kind: 'device'; serverUrl: string; hostname: string }
  | { kind: 'error'; serverUrl: string; message: string };

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class DevicesModel {
  private readonly servers = new Map<string, ServerDevices>();

  setServers(servers: readonly ServerConfig[]): void {
    const old = new Map(this.servers);
    this.servers.clear();
    for (const server of servers) {
      const kept = old.get(server.url);
      this.servers.set(
        server.url,
        kept ? { ...kept, server } : { server, devices: new Map(), types: new Map(), workers: new Map(), loaded: false },
      );
    }
  }

  server(serverUrl: string): ServerDevices | undefined {
    return this.servers.get(serverUrl);
  }

  /**
   * What one read found. `currentJobs` (hostname → job) from XML-RPC, else from the running jobs;
   * `queued` per device type from the queued jobs. Device types seen only on devices are listed too.
   */
  setInventory(
    serverUrl: string,
    read: { devices: DeviceInfo[]; types?: DeviceTypeInfo[]; workers: WorkerInfo[]; currentJobs?: Map<string, string> },
  ): void {
    const s = this.servers.get(serverUrl);
    if (!s) return;
    s.devices = new Map(read.devices.map((d) => [d.hostname, { ...d, currentJob: read.currentJobs?.get(d.hostname) ?? d.currentJob }]));
    const queued = new Map([...s.types.values()].map((t) => [t.name, t.queued]));
    if (read.types) s.types = new Map(read.types.map((t) => [t.name, { ...t, queued: queued.get(t.name) }]));
    for (const d of read.devices)
      if (!s.types.has(d.deviceType)) s.types.set(d.deviceType, { name: d.deviceType, queued: queued.get(d.deviceType) });
    s.workers = new Map(read.workers.map((w) => [w.hostname, w]));
    s.loaded = true;
    s.error = undefined;
  }

  setError(serverUrl: string, message: string): void {
    const s = this.servers.get(serverUrl);
    if (s) s.error = message;
  }

  /** Jobs waiting per device type (every type not named has none). */
  setQueued(serverUrl: string, queued: Map<string, number>): void {
    const s = this.servers.get(serverUrl);
    if (!s) return;
    for (const [name, t] of s.types) s.types.set(name, { ...t, queued: queued.get(name) ?? 0 });
  }

  /** Current jobs from the running jobs, for devices XML-RPC did not tell of. */
  fillCurrentJobs(serverUrl: string, running: Map<string, string>): void {
    const s = this.servers.get(serverUrl);
    if (!s) return;
    for (const [hostname, job] of running) {
      const d = s.devices.get(hostname);
      if (d && d.currentJob === null) s.devices.set(hostname, { ...d, currentJob: job });
    }
  }

  /** An event; true when anything shown changed. */
  applyEvent(serverUrl: string, event: DeviceEvent | WorkerEvent | JobEvent): boolean {
    const s = this.servers.get(serverUrl);
    if (!s?.loaded) return false;
    if (event.kind === 'device') {
      const known = s.devices.get(event.device);
      const deviceType = (event.deviceType || known?.deviceType || '').slice(0, 200);
      if (!deviceType) return false;
      s.devices.set(event.device, {
        hostname: event.device.slice(0, 200),
        deviceType,
        health: event.health || known?.health || 'Unknown',
        state: event.state || known?.state || 'Idle',
        worker: event.worker ?? known?.worker ?? null,
        currentJob: event.job ?? (event.state === 'Idle' ? null : (known?.currentJob ?? null)),
      });
      if (!s.types.has(deviceType)) s.types.set(deviceType, { name: deviceType });
      return true;
    }
    if (event.kind === 'worker') {
      const known = s.workers.get(event.worker);
      s.workers.set(event.worker, {
        hostname: event.worker,
        state: event.state || known?.state || 'Offline',
        health: event.health || known?.health || 'Active',
      });
      return true;
    }
    // A job starts on a device, or ends there.
    if (!event.device) return false;
    const d = s.devices.get(event.device);
    if (!d) return false;
    if (event.state === 'Finished') {
      if (d.currentJob !== event.job) return false;
      s.devices.set(d.hostname, { ...d, currentJob: null });
    } else if (event.state === 'Running' || event.state === 'Scheduled' || event.state === 'Scheduling') {
      s.devices.set(d.hostname, { ...d, currentJob: event.job });
    } else return false;
    return true;
  }

  roots(): DeviceNode[] {
    const servers = [...this.servers.values()];
    if (servers.length === 1) return this.typesOf(servers[0]);
    return servers.map((s) => ({ kind: 'server', serverUrl: s.server.url }));
  }

  children(node: DeviceNode): DeviceNode[] {
    const s = this.servers.get(node.serverUrl);
    if (!s) return [];
    if (node.kind === 'server') return this.typesOf(s);
    if (node.kind !== 'type') return [];
    return [...s.devices.values()]
      .filter((d) => d.deviceType === node.deviceType)
      .sort((a, b) => byName(a.hostname, b.hostname))
      .map((d) => ({ kind: 'device', serverUrl: node.serverUrl, hostname: d.hostname }));
  }

  private typesOf(s: ServerDevices): DeviceNode[] {
    const out: DeviceNode[] = [];
    if (s.error) out.push({ kind: 'error', serverUrl: s.server.url, message: s.error });
    const used = new Set([...s.devices.values()].map((d) => d.deviceType));
    // Types without a device (none to show) are left out unless jobs wait for them.
    const types = [...s.types.values()].filter((t) => used.has(t.name) || (t.queued ?? 0) > 0).sort((a, b) => byName(a.name, b.name));
    for (const t of types) out.push({ kind: 'type', serverUrl: s.server.url, deviceType: t.name });
    return out;
  }

  present(node: DeviceNode): Presentation {
    const s = this.servers.get(node.serverUrl);
    switch (node.kind) {
      case 'server':
        return {
          id: `s|${node.serverUrl}`,
          label: plainTreeText(s?.server.name ?? node.serverUrl),
          description: plainTreeText(node.serverUrl),
          icon: 'server',
          contextValue: 'lavaServer',
          collapsible: 'expanded',
        };
      case 'error':
        return { id: `e|${node.serverUrl}`, label: plainTreeText(couldNotReadText(node.message)), icon: 'warning', collapsible: 'none' };
      case 'type': {
        const devices = [...(s?.devices.values() ?? [])].filter((d) => d.deviceType === node.deviceType).length;
        return {
          id: `t|${node.serverUrl}|${node.deviceType}`,
          label: plainTreeText(node.deviceType),
          description: queuedForTypeText(devices, s?.types.get(node.deviceType)?.queued),
          icon: 'circuit-board',
          contextValue: 'lavaDeviceType',
          collapsible: 'expanded',
        };
      }
      case 'device': {
        const d = s?.devices.get(node.hostname);
        const id = `d|${node.serverUrl}|${node.hostname}`;
        if (!d) return { id, label: plainTreeText(node.hostname), collapsible: 'none' };
        const worker = d.worker ? s?.workers.get(d.worker) : undefined;
        const offline = worker !== undefined && worker.state !== 'Online';
        const workerText = d.worker ? plainTreeText(d.worker, 80) + (offline ? ` (${LAVA_VIEW.workerOffline})` : '') : '-';
        const parts = [plainTreeText(d.health, 20), plainTreeText(d.state, 20)];
        if (d.currentJob) parts.push(`#${plainTreeText(d.currentJob, 20)}`);
        if (offline) parts.push(LAVA_VIEW.workerOffline);
        const { icon, color } = deviceIcon(d, offline);
        return {
          id,
          label: plainTreeText(d.hostname),
          description: parts.join(' · '),
          tooltip: deviceTooltipLines({
            hostname: plainTreeText(d.hostname),
            deviceType: plainTreeText(d.deviceType),
            health: plainTreeText(d.health, 20),
            state: plainTreeText(d.state, 20),
            worker: workerText,
            job: d.currentJob ? plainTreeText(d.currentJob, 20) : undefined,
          }).join('\n'),
          icon,
          color,
          contextValue: d.currentJob ? 'lavaDevice.busy' : 'lavaDevice',
          collapsible: 'none',
        };
      }
    }
  }

  /** The job a device node runs (its click follows it). */
  currentJob(node: DeviceNode): string | undefined {
    if (node.kind !== 'device') return undefined;
    return this.servers.get(node.serverUrl)?.devices.get(node.hostname)?.currentJob ?? undefined;
  }
}

/** A device's icon: its health when not Good, else its state; an offline worker first. */
export function deviceIcon(d: Pick<DeviceInfo, 'health' | 'state'>, workerOffline: boolean): { icon: string; color?: string } {
  if (workerOffline) return { icon: 'debug-disconnect', color: 'disabledForeground' };
  switch (d.health) {
    case 'Bad':
      return { icon: 'error', color: 'testing.iconFailed' };
    case 'Looping':
      return { icon: 'sync', color: 'charts.orange' };
    case 'Maintenance':
      return { icon: 'tools', color: 'charts.yellow' };
    case 'Retired':
      return { icon: 'archive', color: 'disabledForeground' };
    case 'Unknown':
      return { icon: 'question' };
    case 'Good':
      break;
    default:
      return { icon: 'question' };
  }
  if (d.state === 'Running') return { icon: 'vm-running', color: 'charts.blue' };
  if (d.state === 'Reserved') return { icon: 'lock', color: 'charts.blue' };
  return { icon: 'vm', color: 'testing.iconPassed' };
}
