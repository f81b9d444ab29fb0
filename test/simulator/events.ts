// lava-publisher's WebSocket (`/ws/`) for the simulator: the same frames as LAVA
// (`[topic, uuid, datetime, username, data-as-JSON-string]`, lava_scheduler_app/signals.py), one
// `.testjob` event per job state or health change the simulator's clock makes, `.device` events as
// the job takes and frees its device. 2023.01 sends everything to everyone and ignores
// `Authorization`; from 2023.02 a Basic `user:token` is checked (bad credentials: one `{"error": …}`
// frame, then a close), and a private job's events go only to who may see it.
import type * as http from 'http';
import type { Duplex } from 'stream';
import { randomUUID } from 'crypto';
import WebSocket, { WebSocketServer } from 'ws';
import { Caller, canSee } from './rest';
import { RestJob } from './restJob';
import { since } from './versions';

export interface SimEventsOptions {
  /** EVENT_NOTIFICATION (default true): false answers master_config so and refuses `/ws/` (404). */
  notification?: boolean;
  /** EVENT_TOPIC (default `org.lavasoftware`). */
  topic?: string;
  /** How often job states are looked at while a client is connected (ms, default 10). */
  watchMs?: number;
}

interface Client {
  ws: WebSocket;
  caller: Caller;
}

/** The text of master_config's answer (LAVA 2023.01's fields). */
export function masterConfig(opts: SimEventsOptions): Record<string, unknown> {
  return {
    EVENT_TOPIC: opts.topic ?? 'org.lavasoftware',
    EVENT_SOCKET: 'tcp://*:5500',
    EVENT_NOTIFICATION: opts.notification !== false,
    LOG_SIZE_LIMIT: 5,
  };
}

/** `datetime.isoformat()` of an aware UTC datetime: `2026-12-07T23:59:09.476480+00:00`. */
export function isoUtc(ms: number, zone = '+00:00'): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, `.$1000${zone}`);
}

const SENT_KEPT = 1000;

/** `state/health` as the job JSON has them (without building the JSON: this runs every few ms). */
function stateOf(job: RestJob, t: number): string {
  const state = job.state(t);
  return `${state}/${state === 'Finished' ? job.finalHealth : 'Unknown'}`;
}

export class SimEvents {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<Client>();
  private timer: NodeJS.Timeout | undefined;
  private readonly seen = new Map<string, string>();
  /** The frames sent (to anyone), in order: the last 1000. */
  readonly sent: string[] = [];
  /** Connections accepted (refused ones included). */
  connections = 0;

  constructor(
    private readonly opts: SimEventsOptions,
    private readonly env: {
      version: () => string;
      /** Who a Basic `user:token` is (undefined: anonymous; 'invalid': refused). */
      caller: (authorization: string | undefined) => Caller;
      jobs: () => Iterable<RestJob>;
      protectPrivate: () => boolean;
    },
  ) {}

  get topic(): string {
    return this.opts.topic ?? 'org.lavasoftware';
  }

  /** Clients connected now. */
  get size(): number {
    return this.clients.size;
  }

  /** The HTTP server's `upgrade`: `/ws/` becomes an event socket, anything else a 404. */
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/ws/' || this.opts.notification === false) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req.headers.authorization));
  }

  private accept(ws: WebSocket, authorization: string | undefined): void {
    this.connections++;
    const caller = since(this.env.version(), '2023.02') ? this.env.caller(authorization) : ({ kind: 'anonymous' } as Caller);
    if (caller.kind === 'invalid') {
      // The words are ours: LAVA's notes give the frame's shape only.
      ws.send(JSON.stringify({ error: 'Invalid credentials' }), () => ws.close());
      return;
    }
    const client = { ws, caller };
    this.clients.add(client);
    ws.on('close', () => {
      this.clients.delete(client);
      if (this.clients.size === 0) this.stopWatching();
    });
    ws.on('error', () => ws.terminate());
    this.startWatching();
  }

  /** Sends one event as LAVA does: `suffix` `.testjob` | `.device` | `.worker`. */
  publish(suffix: string, username: string, data: Record<string, unknown>, job?: RestJob): void {
    const frame = JSON.stringify([`${this.topic}${suffix}`, randomUUID(), isoUtc(Date.now(), ''), username, JSON.stringify(data)]);
    this.broadcast(frame, (c) => !job || !since(this.env.version(), '2023.02') || canSee(job, c.caller, this.env.protectPrivate()));
  }

  /** Sends any text as one frame to every client (bad frames, other topics, a huge frame). */
  sendRaw(text: string | Buffer, binary = false): void {
    for (const c of this.clients) c.ws.send(text, { binary });
    this.remember(String(text).slice(0, 200));
  }

  /** Cuts every event socket (the publisher restarting). */
  dropClients(): void {
    for (const c of this.clients) c.ws.terminate();
  }

  close(): void {
    this.stopWatching();
    this.dropClients();
    this.wss.close();
  }

  /** The job's `.testjob` data as signals.py builds it. */
  jobData(job: RestJob): Record<string, unknown> {
    const json = job.toJson(false);
    const data: Record<string, unknown> = {
      health: json.health,
      state: json.state,
      job: json.id,
      description: json.description,
      priority: json.priority,
      submit_time: isoUtc(job.timeField('submit_time') ?? Date.now()),
      submitter: json.submitter,
      health_check: false,
    };
    if (job.subId) data.sub_id = job.subId;
    if (json.actual_device) data.device = json.actual_device;
    data.device_type = json.requested_device_type;
    const start = job.timeField('start_time');
    const end = job.timeField('end_time');
    if (start !== null) data.start_time = isoUtc(start);
    if (end !== null) data.end_time = isoUtc(end);
    return data;
  }

  /** Publishes what changed since the last look: each job's state/health, and its device. */
  check(): void {
    const t = Date.now();
    for (const job of this.env.jobs()) {
      const now = stateOf(job, t);
      const before = this.seen.get(job.id);
      if (before === now) continue;
      this.seen.set(job.id, now);
      this.publish('.testjob', job.submitter, this.jobData(job), job);
      if (now.startsWith('Running/') && !before?.startsWith('Running/')) this.publishDevice(job, 'Running', job.id);
      if (now.startsWith('Finished/') && /^(Running|Canceling)\//.test(before ?? '')) this.publishDevice(job, 'Idle');
    }
  }

  private publishDevice(job: RestJob, state: string, current?: string): void {
    const data: Record<string, unknown> = { health: 'Good', state, device: job.device, device_type: job.deviceType, worker: 'sim-worker' };
    if (current !== undefined) data.job = Number.isFinite(Number(current)) ? Number(current) : current;
    this.publish('.device', 'lavaserver', data);
  }

  private broadcast(frame: string, to: (c: Client) => boolean): void {
    this.remember(frame);
    for (const c of this.clients) if (to(c) && c.ws.readyState === WebSocket.OPEN) c.ws.send(frame);
  }

  /** The last SENT_KEPT frames (a long demo run keeps no more). */
  private remember(frame: string): void {
    this.sent.push(frame);
    if (this.sent.length > SENT_KEPT) this.sent.splice(0, this.sent.length - SENT_KEPT);
  }

  private startWatching(): void {
    if (this.timer) return;
    // Jobs already there are known as they are now: a new client hears changes, not history.
    const t = Date.now();
    for (const job of this.env.jobs()) if (!this.seen.has(job.id)) this.seen.set(job.id, stateOf(job, t));
    this.timer = setInterval(() => this.check(), this.opts.watchMs ?? 10);
    this.timer.unref();
  }

  private stopWatching(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
