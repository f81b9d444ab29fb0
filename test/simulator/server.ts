// LavaSimulator: an in-process HTTP server that imitates a LAVA server
// (REST API v0.2 + the log-tail endpoint) for tests, the demo and benchmarks.
import { Inventory } from './inventory';
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import { ChaosOptions, FaultSchedule } from './chaos';
import {
  appliesTo,
  CONTENT_LENGTH_LIE_EXTRA,
  cutLastLine,
  FaultKind,
  Faults,
  FaultSpec,
  faultReply,
  FaultTarget,
  isJson200,
  TakenFault,
  truncateBody,
  utf8SplitPoint,
} from './faults';
import { LogTailJob, LogTailJobOptions } from './growingLog';
import { LogTailAuth, logTailReply, LogTailView } from './logTail';
import { pipelineReply } from './pipeline';
import { Caller, canSee, restReply } from './rest';
import { IdCounters, RestJob, RestJobOptions } from './restJob';
import { drfJson, escapeHtml, html, htmlError, Reply } from './respond';
import { capturedReply, capturedWith } from './captured';
import {
  ALLOW_RESUBMIT,
  ALLOW_SUBMIT,
  restSubmit,
  restValidate,
  RpcAuth,
  parseFields,
  parseRpcCall,
  rpcReply,
  storedDefinitions,
  Submission,
  submittedReply,
} from './submit';
import { loadOutputYaml } from './fixtures';
import { OnDemandJobs, OnDemandOptions } from './onDemand';
import { randomUUID } from 'crypto';
import { DEFAULT_LAVA_VERSION, recordLine, since } from './versions';
import { masterConfig, SimEvents, SimEventsOptions } from './events';

export type { FaultKind, FaultSpec } from './faults';
export type { ChaosOptions } from './chaos';
export { FaultSchedule } from './chaos';
export { FAULT_KINDS } from './faults';
export type { LogTailJobOptions } from './growingLog';
export type { OnDemandOptions } from './onDemand';
export type { SimEventsOptions } from './events';
export type { RestJobOptions, Health, JobState } from './restJob';
export { LogTailJob } from './growingLog';
export { RestJob } from './restJob';
export { LAVA_VERSIONS, isLavaVersion } from './versions';
export type { LavaVersion } from './versions';

/** A job the simulator is about to create from a submission (POST /api/v0.2/jobs/ or resubmit/). */
export interface SubmittedJobInfo {
  id: string;
  /** The submitted (or resubmitted) text. */
  definition: string;
  /** MultiNode: the role and "<first id>.<index>". */
  role?: string;
  subId?: string;
  /** Accepted although invalid (one of data/submit/definitions/, e.g. unknown-deploy-method). */
  invalid?: string;
  submitter: string;
}

export interface LavaSimulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /**
   * When set, `Authorization: Token <token>` identifies `user`; a wrong token gets 403;
   * no token is anonymous on REST (public jobs only, whoami "") and 401 on log-tail.
   * When not set, any `Token` header identifies `user`, no header is anonymous
   * (whoami ""), and private jobs are visible to everyone.
   */
  token?: string;
  /** The token's user name (default 'admin'). */
  user?: string;
  /** The token's user is a superuser: job JSON has the `token` field, private jobs are visible (default true). */
  superuser?: boolean;
  /** Refuse anonymous REST requests with 403 (real LAVA serves public jobs anonymously; default false). */
  requireToken?: boolean;
  /** More accounts: `Authorization: Token <token>` (REST) or Basic `user:token` (/RPC2). */
  users?: { token: string; user: string; superuser?: boolean }[];
  /**
   * How a submitted job runs (id, definition etc. are filled in): default
   * loadOutputYaml('complete') ending Complete with RestJob's default pacing
   * (an accepted invalid definition: 'incomplete', Incomplete).
   */
  submitted?: (info: SubmittedJobInfo) => Partial<RestJobOptions>;
  /** Called with one line per request (the CLI's --verbose). */
  log?: (line: string) => void;
  /**
   * The LAVA release imitated (versions.ts LAVA_VERSIONS; default '2023.01', the captured one):
   * later ones change records (dt, too-long, [MASKED]), validate, cancel, batch_cancel.
   */
  lavaVersion?: string;
  /** 2026.05+: the offset (minutes east of UTC) records' `dt` is written with (LAVA: 0). */
  utcOffsetMinutes?: number;
  /** 2026.02+: texts shown as `[MASKED]` in records (the jobs' secrets). */
  secrets?: string[];
  /**
   * LAVA's REQUIRE_LOGIN: a request to /api/, /RPC2 or a job page without a valid token is
   * redirected (302) to `/accounts/login/?next=<path>`; from 2023.04 `/api/v0.2/system/version/`
   * stays open.
   */
  requireLogin?: boolean;
  /** lava-publisher: master_config's answer and the `/ws/` event socket (events.ts). */
  events?: SimEventsOptions;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  time: number;
  jobId?: string;
}

export type SimJob = LogTailJob | RestJob;

/** A fault that was actually injected into an answer. */
export interface InjectedFault {
  kind: FaultKind;
  /** The request's path (without the query). */
  path: string;
  jobId?: string;
  /** sim.fault(...) or the chaos schedule. */
  source: 'fault' | 'chaos';
  time: number;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export class LavaSimulator {
  readonly requests: RecordedRequest[] = [];
  /** Total response body bytes sent. */
  bytesSent = 0;
  /** Every fault injected, in order (sim.fault() and chaos()). */
  readonly injected: InjectedFault[] = [];
  /** Devices, device types and workers (REST lists and `scheduler.devices.list`). */
  readonly inventory = new Inventory();
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly jobs = new Map<string, SimJob>();
  private readonly faults = new Faults();
  private readonly onDemand = new OnDemandJobs();
  private schedule: FaultSchedule | undefined;
  private readonly ids: IdCounters = { suite: 0, testCase: 0 };
  private port = 0;
  private listening = false;
  private closed = false;
  private upTimer: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  /** The last job id handed out (LAVA's id sequence). */
  private lastId = 0;

  /** The events socket at `/ws/` (events.ts). */
  readonly events: SimEvents;

  private constructor(private readonly opts: LavaSimulatorOptions) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.events = new SimEvents(opts.events ?? {}, {
      version: () => this.lavaVersion,
      caller: (authorization) => this.eventsCaller(authorization),
      jobs: () => [...this.jobs.values()].filter((j): j is RestJob => j instanceof RestJob),
      protectPrivate: () => this.protectPrivate,
    });
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => this.events.upgrade(req, socket, head));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(opts: LavaSimulatorOptions = {}): Promise<LavaSimulator> {
    const sim = new LavaSimulator(opts);
    sim.port = opts.port ?? 0;
    await sim.goUp();
    return sim;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  addLogTailJob(opts: LogTailJobOptions): LogTailJob {
    const job = new LogTailJob(opts);
    this.register(job);
    return job;
  }

  /** The LAVA release imitated. */
  get lavaVersion(): string {
    return this.opts.lavaVersion ?? DEFAULT_LAVA_VERSION;
  }

  addRestJob(opts: RestJobOptions): RestJob {
    const fmt = { version: this.lavaVersion, utcOffsetMinutes: this.opts.utcOffsetMinutes, secrets: this.opts.secrets };
    const records = fmt.version === DEFAULT_LAVA_VERSION ? opts.records : opts.records.map((l) => recordLine(l, fmt));
    const job = new RestJob({ ...opts, records }, this.ids);
    this.register(job);
    return job;
  }

  /**
   * The job waits (REST: Submitted; log-tail: an empty log) until the first request about
   * it of any kind, then runs; a follow that starts after it ended (a REST job read or
   * logs from start 0, log-tail from start 0, at least `restartAfterMs` after the end)
   * runs it again from the beginning. See onDemand.ts.
   */
  runOnDemand(id: string, opts: OnDemandOptions = {}): void {
    this.onDemand.add(this.job(id), opts);
  }

  /** Runs of a job added with runOnDemand() so far (0 until it is asked for). */
  runsOf(id: string): number {
    return this.onDemand.runs(id);
  }

  /** The job with this id (throws if unknown). */
  job(id: string): SimJob {
    const j = this.jobs.get(id);
    if (!j) throw new Error(`no simulated job ${id}`);
    return j;
  }

  /** The log-tail job with this id (throws if unknown or a REST job). */
  logTailJob(id: string): LogTailJob {
    const j = this.job(id);
    if (!(j instanceof LogTailJob)) throw new Error(`job ${id} is not a log-tail job`);
    return j;
  }

  /** The REST job with this id (throws if unknown or a log-tail job). */
  restJob(id: string): RestJob {
    const j = this.job(id);
    if (!(j instanceof RestJob)) throw new Error(`job ${id} is not a REST job`);
    return j;
  }

  /** Makes the next `count` (default 1) matching requests fail. */
  fault(spec: FaultSpec): void {
    this.faults.add(spec);
  }

  /** Drops pending sim.fault() faults (not the chaos schedule: chaos(undefined)). */
  clearFaults(): void {
    this.faults.clear();
  }

  /**
   * Injects faults at random from now on: each request considered (about `jobId`, or
   * every request) gets a fault with probability `rate`, of a kind drawn uniformly
   * from `kinds` among those that can apply to it; see FaultSchedule.  Pending
   * sim.fault() faults go first (a request they take does not consume a decision).
   * Replaces any previous schedule; chaos(undefined) stops.  Injected faults are
   * appended to `injected` with source 'chaos'.
   */
  chaos(opts: ChaosOptions | undefined): FaultSchedule | undefined {
    this.schedule = opts ? new FaultSchedule(opts) : undefined;
    return this.schedule;
  }

  /** Injected faults per kind (sorted by kind). */
  injectedCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const f of [...this.injected].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0)))
      counts[f.kind] = (counts[f.kind] ?? 0) + 1;
    return counts;
  }

  /** Connections open now (accepted, not yet closed). */
  get openSockets(): number {
    return this.sockets.size;
  }

  /** Closes the connections that are not serving a request (idle keep-alive ones). */
  closeIdleConnections(): void {
    this.server.closeIdleConnections();
  }

  /** Refuses connections for `ms` (listener closed, then reopened on the same port). */
  async down(ms: number): Promise<void> {
    await this.goDown();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.upTimer = undefined;
        resolve();
      }, ms);
      this.upTimer = { timer, resolve };
    });
    if (!this.closed) await this.goUp();
  }

  /** Stops listening and cuts every open connection. */
  async goDown(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  /** Listens again (on the same port once one was chosen). */
  async goUp(): Promise<void> {
    if (this.listening || this.closed) return;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.server.once('error', onError);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.listening = true;
  }

  /** Closes the listener, every connection and every timer. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.upTimer) {
      clearTimeout(this.upTimer.timer);
      this.upTimer.resolve(); // a pending down() returns (without reopening)
      this.upTimer = undefined;
    }
    for (const j of this.jobs.values()) if (j instanceof LogTailJob) j.stop();
    this.events.close();
    await this.goDown();
  }

  private register(job: SimJob): void {
    if (this.jobs.has(job.id)) throw new Error(`job ${job.id} already exists`);
    this.jobs.set(job.id, job);
  }

  /**
   * Who is asking: no `Token` header = anonymous; the right token (any token when
   * none is configured) = the configured user; another token = invalid.
   */
  private caller(authorization: string | undefined): Caller {
    if (!authorization || !/^token(\s|$)/i.test(authorization)) return { kind: 'anonymous' };
    const m = /^token\s+(\S+)\s*$/i.exec(authorization);
    if (!m) return { kind: 'invalid' };
    const extra = this.opts.users?.find((u) => u.token === m[1]);
    if (extra) return { kind: 'user', user: extra.user, superuser: extra.superuser ?? false };
    if (this.opts.token !== undefined && m[1] !== this.opts.token) return { kind: 'invalid' };
    return { kind: 'user', user: this.opts.user ?? 'admin', superuser: this.opts.superuser ?? true };
  }

  /** `/ws/` (2023.02+): Basic `user:token` as /RPC2 checks it; none is anonymous. */
  private eventsCaller(authorization: string | undefined): Caller {
    const auth = this.rpcAuth(authorization);
    if (auth === 'none') return { kind: 'anonymous' };
    if (auth !== 'ok') return { kind: 'invalid' };
    return this.rpcUser(authorization!);
  }

  /** Private jobs are only hidden when a token is configured. */
  private get protectPrivate(): boolean {
    return this.opts.token !== undefined;
  }

  /** /RPC2 authentication: HTTP Basic `user:token` only. */
  private rpcAuth(authorization: string | undefined): RpcAuth {
    if (authorization === undefined) return 'none';
    const m = /^Basic (\S+)$/.exec(authorization);
    if (!m) return 'not-basic';
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 0) return 'not-basic';
    const [user, secret] = [decoded.slice(0, i), decoded.slice(i + 1)];
    if (this.opts.users?.some((u) => u.user === user && u.token === secret)) return 'ok';
    if (this.opts.token === undefined) return 'ok';
    return user === (this.opts.user ?? 'admin') && secret === this.opts.token ? 'ok' : 'bad-token';
  }

  /** The user of an accepted /RPC2 Basic authorization. */
  private rpcUser(authorization: string): Caller {
    const decoded = Buffer.from(authorization.replace(/^Basic\s+/, ''), 'base64').toString('utf8');
    const user = decoded.slice(0, decoded.indexOf(':'));
    const extra = this.opts.users?.find((u) => u.user === user);
    if (extra) return { kind: 'user', user: extra.user, superuser: extra.superuser ?? false };
    return { kind: 'user', user: this.opts.user ?? 'admin', superuser: this.opts.superuser ?? true };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const method = req.method ?? 'GET';
    if (method === 'GET' || method === 'HEAD') {
      req.resume(); // bodies are ignored
      this.handleRequest(req, res, Buffer.alloc(0));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => this.handleRequest(req, res, Buffer.concat(chunks)));
    req.on('error', () => req.socket.destroy());
  }

  private handleRequest(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const rawUrl = req.url ?? '/';
    const qi = rawUrl.indexOf('?');
    const path = qi < 0 ? rawUrl : rawUrl.slice(0, qi);
    const rawQuery = qi < 0 ? '' : rawUrl.slice(qi + 1);
    const params = new URLSearchParams(rawQuery);
    const jobId = /^\/(?:lava-server|scheduler)\/job\/([^/]+)|^\/api\/v0\.2\/jobs\/([^/]+)/.exec(path);
    const rpcJob = path.startsWith('/RPC2')
      ? /<methodName>scheduler\.job_(?:state|health)<\/methodName>[\s\S]*?<string>([^<]*)<\/string>/.exec(body.toString('utf8'))
      : null;
    const id = jobId ? safeDecode(jobId[1] ?? jobId[2]) : (rpcJob?.[1] ?? undefined);
    const authorization = req.headers.authorization;
    const method = req.method ?? 'GET';
    this.requests.push({ method, path, query: Object.fromEntries(params), authorization, time: Date.now(), jobId: id });
    if (id !== undefined) {
      const run = this.onDemand.request(id, path, params);
      if (run) this.opts.log?.(`job ${id} ${run} (run ${this.onDemand.runs(id)})`);
    }

    // What the request is, for the faults that only fit some requests
    const tailMatch = /^\/lava-server\/job\/([^/]+)\/log-tail\/?$/.exec(path);
    const tailJob = tailMatch ? this.jobs.get(safeDecode(tailMatch[1])) : undefined;
    const target: FaultTarget = {
      path,
      jobId: id,
      logTail: tailJob instanceof LogTailJob && this.logTailAuth(this.caller(authorization)) === 'ok',
      restLogs: /^\/api\/v0\.2\/jobs\/[^/]+\/logs\/$/.test(path),
    };
    let source: 'fault' | 'chaos' = 'fault';
    // sim.fault(): 'half-line' is taken by any request (and put back at the end when it
    // cannot cut the answer), as it always was; log-tail kinds wait for a log-tail request.
    let taken: TakenFault | undefined = this.faults.takeFault(id, (k) => k === 'half-line' || appliesTo(k, target));
    if (!taken && this.schedule?.considers(id)) {
      const kind = this.schedule.next((k) => appliesTo(k, target));
      if (kind) taken = { kind, jobId: id, retryAfterSeconds: this.schedule.retryAfterSeconds };
      source = 'chaos';
    }
    const fault = taken?.kind;
    const record = (kind: FaultKind) => this.injected.push({ kind, path, jobId: id, source, time: Date.now() });
    /** The fault turned out not to fit this answer: a sim.fault() one waits for the next request. */
    const notApplied = () => {
      if (taken && source === 'fault') this.faults.giveBack(taken);
    };

    if (fault === 'drop' || fault === 'reset-before') {
      record(fault);
      this.opts.log?.(`${method} ${rawUrl} -> fault ${fault}`);
      req.socket.destroy();
      return;
    }
    if (fault === 'hang') {
      record(fault);
      this.opts.log?.(`${method} ${rawUrl} -> fault hang`);
      return; // the socket is destroyed by goDown()/close()
    }
    let reply: Reply;
    let applied: FaultKind | undefined;
    try {
      const direct = fault ? faultReply(fault, { retryAfterSeconds: taken?.retryAfterSeconds }) : undefined;
      if (direct) {
        reply = direct;
        applied = fault;
      } else if (fault === 'restart' || fault === 'utf8-split' || fault === 'ignore-start') {
        const job = tailJob as LogTailJob;
        let view: LogTailView | undefined;
        if (fault === 'restart') {
          job.restart();
          view = { size: 0 }; // the file as just truncated (a job with intervalMs 0 has it all again at once)
        } else if (fault === 'ignore-start') {
          view = { ignoreStart: true };
        } else {
          const raw = params.get('start') ?? '0';
          const split = /^\d+$/.test(raw) ? utf8SplitPoint(job.logBytes, Number(raw), job.appended) : undefined;
          if (split !== undefined) view = { size: split };
        }
        if (view) applied = fault;
        else notApplied();
        reply = logTailReply(job, params, 'ok', view);
      } else {
        // The normal answer, damaged or not; a damaged one must not change any job (cancel/)
        const damaging = fault === 'truncated-json' || fault === 'reset-mid-body' || fault === 'stall' || fault === 'content-length-lie';
        reply = this.route(method, path, rawQuery, params, authorization, req, damaging, body);
        if (fault === 'half-line') {
          // Only a body with lines can be cut: keep the fault for the next such answer.
          if (reply.status === 200 && /yaml/.test(reply.headers['Content-Type'] ?? '')) {
            reply = cutLastLine(reply);
            applied = fault;
          } else if (source === 'fault') this.faults.add({ jobId: id, kind: 'half-line', count: 1 }); // (bound to this request's job, as before)
        } else if (fault === 'truncated-json') {
          if (isJson200(reply)) {
            reply = truncateBody(reply);
            applied = fault;
          } else notApplied();
        } else if (damaging) {
          applied = fault;
        }
      }
    } catch (e) {
      reply = htmlError(500, `simulator error: ${e instanceof Error ? e.message : String(e)}`);
      applied = undefined;
    }
    if (applied) record(applied);
    const note = applied
      ? ` (fault ${applied})`
      : fault === 'half-line'
        ? ' (fault half-line)'
        : fault
          ? ` (fault ${fault} does not fit: not applied)`
          : '';
    this.opts.log?.(`${method} ${rawUrl} -> ${reply.status}${note}`);
    if (applied === 'reset-mid-body' || applied === 'stall' || applied === 'content-length-lie')
      this.writeBroken(method, req.socket, reply, applied);
    else this.write(method, res, reply);
  }

  /**
   * `scheduler.job_state(id)` / `scheduler.job_health(id)` as LAVA 2023.01 answers them
   * (a struct {job_id, job_state|job_health, sub_id?}; fault 404 for a job not there, fault 403
   * "Job 'N' not available to user 'AnonymousUser'." for one the caller may not see, as
   * lava_scheduler_app/api does); undefined for any other call.
   */
  private rpcJobField(method: string, authorization: string | undefined, body: Buffer): Reply | undefined {
    if (method !== 'POST' || body.length === 0) return undefined;
    const call = parseRpcCall(body.toString('utf8'));
    if (!call || (call.method !== 'scheduler.job_state' && call.method !== 'scheduler.job_health')) return undefined;
    const auth = this.rpcAuth(authorization);
    if (auth !== 'ok' && auth !== 'none') return undefined; // the captured refusals
    const id = String(call.params[0] ?? '');
    // TestJob.get_by_job_number: "12.1" is looked up by sub_id, anything else by pk
    const job = id.includes('.') ? [...this.jobs.values()].find((j) => j instanceof RestJob && j.subId === id) : this.jobs.get(id);
    const caller: Caller = auth === 'none' ? { kind: 'anonymous' } : this.rpcUser(authorization!);
    const headers = { 'Content-Type': 'application/xml', 'X-Frame-Options': 'DENY', Vary: 'Cookie' };
    const member = (name: string, value: string) => `<member>\n<name>${name}</name>\n<value>${value}</value>\n</member>\n`;
    const fault = (code: number, message: string): Reply => {
      const text = `<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n${member('faultCode', `<int>${code}</int>`)}${member('faultString', `<string>${message.replace(/[<>&]/g, '')}</string>`)}</struct></value>\n</fault>\n</methodResponse>\n`;
      return { status: 200, headers, body: Buffer.from(text) };
    };
    if (!(job instanceof RestJob)) return fault(404, `Job '${id}' was not found.`);
    if (!canSee(job, caller, this.protectPrivate)) {
      return fault(403, `Job '${id}' not available to user '${caller.kind === 'user' ? caller.user : 'AnonymousUser'}'.`);
    }
    const json = job.toJson(true);
    const field = call.method === 'scheduler.job_state' ? 'job_state' : 'job_health';
    const value = String(field === 'job_state' ? json.state : json.health);
    const sub = job.subId ? member('sub_id', `<string>${job.subId}</string>`) : '';
    const text = `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n${member('job_id', `<int>${job.id}</int>`)}${member(field, `<string>${value}</string>`)}${sub}</struct></value>\n</param>\n</params>\n</methodResponse>\n`;
    return { status: 200, headers, body: Buffer.from(text) };
  }

  /** log-tail authentication: only checked when a token is configured. */
  private logTailAuth(caller: Caller): LogTailAuth {
    if (this.opts.token === undefined) return 'ok';
    return caller.kind === 'anonymous' ? 'missing' : caller.kind === 'invalid' ? 'wrong' : 'ok';
  }

  private route(
    method: string,
    path: string,
    rawQuery: string,
    params: URLSearchParams,
    authorization: string | undefined,
    req: http.IncomingMessage,
    dryRun = false,
    body: Buffer = Buffer.alloc(0),
  ): Reply {
    const caller = this.caller(authorization);
    const login = this.loginRedirect(path, rawQuery, caller, authorization);
    if (login) return login;
    if (path === '/api/v0.2/system/master_config/') return drfJson(200, masterConfig(this.opts.events ?? {}), 'GET, HEAD, OPTIONS');
    if (
      (path === '/RPC2' || path === '/RPC2/') &&
      method === 'POST' &&
      parseRpcCall(body.toString('utf8'))?.method === 'scheduler.devices.list'
    )
      return this.inventory.rpcDevicesList();
    if (path === '/RPC2' || path === '/RPC2/')
      return this.rpcJobField(method, authorization, body) ?? rpcReply(method, this.rpcAuth(authorization), body);
    if (path === '/api/v0.2/jobs/validate/') return restValidate(method, caller, req.headers['content-type'], body, this.lavaVersion);
    if (path === '/api/v0.2/jobs/' && method === 'POST') {
      const out = restSubmit(caller, req.headers['content-type'], body);
      if ('reply' in out) return out.reply;
      return submittedReply(this.createJobs(out.submission, caller, dryRun), ALLOW_SUBMIT);
    }
    if (path === '/api/v0.2/jobs/batch_cancel/' && method === 'POST' && since(this.lavaVersion, '2024.09'))
      return this.batchCancel(caller, req.headers['content-type'], body, dryRun);
    const resubmit = /^\/api\/v0\.2\/jobs\/([^/]+)\/resubmit\/$/.exec(path);
    if (resubmit) return this.resubmit(safeDecode(resubmit[1]), method, caller, dryRun);
    let m = /^\/lava-server\/job\/([^/]+)\/log-tail\/?$/.exec(path);
    if (m) {
      const job = this.jobs.get(safeDecode(m[1]));
      return logTailReply(job instanceof LogTailJob ? job : undefined, params, this.logTailAuth(caller));
    }
    if (path === '/api/v0.2' || /^\/api\/v0\.2\/.*[^/]$/.test(path)) {
      // Django's APPEND_SLASH
      return {
        status: 301,
        headers: { 'Content-Type': 'text/html; charset=utf-8', Location: `${path}/${rawQuery ? '?' + rawQuery : ''}` },
        body: '',
      };
    }
    if (path.startsWith('/api/v0.2/')) {
      const restJobs = new Map<string, RestJob>();
      for (const [k, j] of this.jobs) if (j instanceof RestJob) restJobs.set(k, j);
      const origin = `http://${req.headers.host ?? `127.0.0.1:${this.port}`}`;
      return restReply(restJobs, {
        method,
        path,
        rawQuery,
        origin,
        caller,
        accept: req.headers.accept,
        requireToken: this.opts.requireToken ?? false,
        protectPrivate: this.protectPrivate,
        dryRun,
        version: this.lavaVersion,
        inventory: this.inventory,
      });
    }
    m = /^\/scheduler\/job\/([^/]+)\/log_pipeline_incremental$/.exec(path);
    if (m) {
      const job = this.jobs.get(safeDecode(m[1]));
      return pipelineReply(job instanceof RestJob ? job : undefined, params, this.protectPrivate);
    }
    m = /^\/scheduler\/job\/([^/]+)\/?$/.exec(path);
    if (m) return this.jobPage(safeDecode(m[1]), caller);
    return htmlError(404, 'Not Found');
  }

  /**
   * LavaRequireLoginMiddleware (lava_server/security.py): with REQUIRE_LOGIN, a request without
   * a valid token (REST `Token`, or Basic `user:token` anywhere) is redirected to the login page,
   * except the home page, the login page itself and (2023.04+) the version.
   */
  private loginRedirect(path: string, rawQuery: string, caller: Caller, authorization: string | undefined): Reply | undefined {
    if (!this.opts.requireLogin) return undefined;
    if (path === '/accounts/login/') {
      return html(
        200,
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>LAVA | Login</title></head>\n<body>\n<form method="post"><input name="username"><input name="password" type="password"></form>\n</body>\n</html>\n',
      );
    }
    if (path === '/' || (/^\/api\/v0\.2\/system\/version\/?$/.test(path) && since(this.lavaVersion, '2023.04'))) return undefined;
    if (caller.kind === 'user' || (authorization !== undefined && this.rpcAuth(authorization) === 'ok')) return undefined;
    const next = encodeURIComponent(path + (rawQuery ? `?${rawQuery}` : '')).replace(/%2F/g, '/');
    return { status: 302, headers: { 'Content-Type': 'text/html; charset=utf-8', Location: `/accounts/login/?next=${next}` }, body: '' };
  }

  /**
   * `POST /api/v0.2/jobs/batch_cancel/` {"job_ids": [...]} (2024.09): each id the caller may see
   * and cancel is canceled; the others are `invalid_job_ids` (unknown, private, not allowed).
   */
  private batchCancel(caller: Caller, contentType: string | undefined, body: Buffer, dryRun: boolean): Reply {
    if (caller.kind === 'invalid') return drfJson(403, { detail: 'Invalid token.' }, 'POST, OPTIONS');
    const f = parseFields(contentType, body);
    const ids = f.ok ? f.fields.job_ids : undefined;
    // LAVA iterates whatever job_ids is (None: a TypeError, Django's 500 page)
    if (!Array.isArray(ids)) return htmlError(500, 'Server Error (500)');
    const canceled: unknown[] = [];
    const invalid: unknown[] = [];
    for (const raw of ids) {
      const key = String(raw);
      const job = /^\d+$/.test(key) ? this.jobs.get(key) : [...this.jobs.values()].find((j) => j instanceof RestJob && j.subId === key);
      const allowed =
        job instanceof RestJob &&
        canSee(job, caller, this.protectPrivate) &&
        caller.kind === 'user' &&
        (caller.superuser || caller.user === job.submitter);
      if (!allowed) {
        invalid.push(raw);
        continue;
      }
      if (!dryRun) {
        const group =
          job.targetGroup === undefined
            ? [job]
            : [...this.jobs.values()].filter((j) => j instanceof RestJob && j.targetGroup === job.targetGroup);
        for (const j of group) (j as RestJob).cancel();
      }
      canceled.push(raw);
    }
    return drfJson(200, { message: 'Job cancel signal sent for job ids.', job_ids: canceled, invalid_job_ids: invalid }, 'POST, OPTIONS');
  }

  /** `POST /api/v0.2/jobs/<id>/resubmit/`: the job's definition (MultiNode: multinode_definition) submitted again by the caller. */
  private resubmit(id: string, method: string, caller: Caller, dryRun: boolean): Reply {
    if (caller.kind === 'invalid') return capturedReply('resubmit-badtoken');
    if (method !== 'POST') return capturedWith('resubmit-get', '"GET"', `"${method}"`);
    if (caller.kind === 'anonymous') return capturedReply('resubmit-noauth');
    const job = this.jobs.get(id);
    if (!(job instanceof RestJob) || !canSee(job, caller, this.protectPrivate)) return capturedReply('resubmit-unknown');
    const text = job.multinodeDefinition || job.definition;
    const out = restSubmit(caller, 'application/json', Buffer.from(JSON.stringify({ definition: text })), true);
    if ('reply' in out) return out.reply;
    return submittedReply(this.createJobs(out.submission, caller, dryRun), ALLOW_RESUBMIT);
  }

  /** Creates the job(s) of a submission; returns the job_ids LAVA answers (numbers, or "<id>.<n>" strings for MultiNode). */
  private createJobs(sub: Submission, caller: Caller, dryRun: boolean): (number | string)[] {
    let first = this.lastId;
    for (const k of this.jobs.keys()) if (/^\d+$/.test(k)) first = Math.max(first, Number(k));
    first += 1;
    const roles = sub.roles ?? [undefined];
    if (dryRun) return sub.roles ? roles.map((_, i) => `${first}.${i}`) : [first];
    this.lastId = first + roles.length - 1;
    const submitter = caller.kind === 'user' ? caller.user : 'admin';
    const targetGroup = sub.roles ? randomUUID() : undefined;
    const defs = storedDefinitions(sub, targetGroup ?? '');
    const invalid = sub.invalid;
    const p = sub.data.priority;
    const priority = typeof p === 'number' ? p : p === 'high' ? 100 : p === 'low' ? 0 : 50;
    roles.forEach((r, i) => {
      const id = String(first + i);
      const subId = sub.roles ? `${first}.${i}` : undefined;
      const info: SubmittedJobInfo = { id, definition: sub.text, role: r?.role, subId, invalid, submitter };
      const run: Partial<RestJobOptions> = invalid
        ? { records: loadOutputYaml('incomplete'), health: 'Incomplete' }
        : { records: loadOutputYaml('complete'), health: 'Complete' };
      const custom = this.opts.submitted?.(info) ?? {};
      this.addRestJob({
        records: run.records ?? [],
        health: run.health ?? 'Complete',
        description: String(sub.data.job_name ?? ''),
        deviceType: r?.deviceType ?? String(sub.data.device_type ?? 'qemu'),
        device: sub.roles ? `qemu0${(i % 2) + 1}` : undefined,
        submitter,
        priority,
        definition: defs[i]?.definition,
        originalDefinition: defs[i]?.originalDefinition,
        multinodeDefinition: sub.roles ? sub.text : '',
        targetGroup,
        subId,
        private: sub.data.visibility !== undefined && sub.data.visibility !== 'public',
        ...custom,
        id,
      });
    });
    return sub.roles ? roles.map((_, i) => `${first}.${i}`) : [first];
  }

  /** A minimal job page for "Open in Browser". */
  private jobPage(id: string, caller: Caller): Reply {
    const job = this.jobs.get(id);
    if (!job) return htmlError(404, 'Not Found');
    if (job instanceof RestJob && this.protectPrivate && !canSee(job, caller)) return htmlError(403, 'Permission denied');
    const info =
      job instanceof RestJob
        ? `<p>${escapeHtml(job.description)}</p>\n<p>State: ${job.state()} &ndash; Health: ${job.state() === 'Finished' ? job.finalHealth : 'Unknown'}</p>\n`
        : `<p>log-tail job: ${job.appended} / ${job.logBytes.length} bytes</p>\n`;
    return html(
      200,
      `<!DOCTYPE html>\n<html lang="en-us">\n<head><meta charset="utf-8"><title>Job ${escapeHtml(id)}</title></head>\n<body>\n<h1>Job ${escapeHtml(id)}</h1>\n${info}</body>\n</html>\n`,
    );
  }

  private write(method: string, res: http.ServerResponse, reply: Reply): void {
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
    res.statusCode = reply.status;
    res.setHeader('Server', 'gunicorn');
    for (const [k, v] of Object.entries(reply.headers)) res.setHeader(k, v);
    if (!res.hasHeader('Content-Length')) res.setHeader('Content-Length', body.length);
    if (method === 'HEAD') {
      res.end();
      return;
    }
    this.bytesSent += body.length;
    res.end(body);
  }

  /**
   * A broken answer written as raw bytes on the socket (Node's ServerResponse would
   * refuse or fix these): status line, Server, Date, the reply's headers, then
   * - reset-mid-body: the real Content-Length, half the body, then a TCP reset;
   * - stall: the real Content-Length, half the body, then nothing (socket left open);
   * - content-length-lie: Content-Length + CONTENT_LENGTH_LIE_EXTRA, the whole body, then FIN.
   * An empty body announces Content-Length 1 for reset-mid-body and stall so that it stays
   * incomplete.  HEAD gets the headers only.  bytesSent counts the body bytes written.
   */
  private writeBroken(method: string, socket: Socket, reply: Reply, kind: 'reset-mid-body' | 'stall' | 'content-length-lie'): void {
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
    const declared = kind === 'content-length-lie' ? body.length + CONTENT_LENGTH_LIE_EXTRA : Math.max(1, body.length);
    let sent = kind === 'content-length-lie' ? body : body.subarray(0, Math.floor(body.length / 2));
    if (method === 'HEAD') sent = Buffer.alloc(0);
    const lines = [
      `HTTP/1.1 ${reply.status} ${http.STATUS_CODES[reply.status] ?? 'Unknown'}`,
      'Server: gunicorn',
      `Date: ${new Date().toUTCString()}`,
    ];
    for (const [k, v] of Object.entries(reply.headers)) if (k.toLowerCase() !== 'content-length') lines.push(`${k}: ${v}`);
    lines.push(`Content-Length: ${declared}`, kind === 'stall' ? 'Connection: keep-alive' : 'Connection: close');
    this.bytesSent += sent.length;
    socket.write(Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), sent]), () => {
      if (socket.destroyed) return;
      if (kind === 'reset-mid-body') setImmediate(() => socket.resetAndDestroy());
      else if (kind === 'content-length-lie') socket.end();
    });
  }
}
