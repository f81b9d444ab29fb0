// LavaSimulator: an in-process HTTP server that imitates a LAVA server
// (REST API v0.2 + the log-tail endpoint) for tests, the demo and benchmarks.
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import { cutLastLine, Faults, FaultSpec, faultReply } from './faults';
import { LogTailJob, LogTailJobOptions } from './growingLog';
import { LogTailAuth, logTailReply } from './logTail';
import { pipelineReply } from './pipeline';
import { Caller, canSee, restReply } from './rest';
import { IdCounters, RestJob, RestJobOptions } from './restJob';
import { escapeHtml, html, htmlError, Reply } from './respond';

export type { FaultKind, FaultSpec } from './faults';
export type { LogTailJobOptions } from './growingLog';
export type { RestJobOptions, Health, JobState } from './restJob';
export { LogTailJob } from './growingLog';
export { RestJob } from './restJob';

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
  /** Called with one line per request (the CLI's --verbose). */
  log?: (line: string) => void;
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
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly jobs = new Map<string, SimJob>();
  private readonly faults = new Faults();
  private readonly ids: IdCounters = { suite: 0, testCase: 0 };
  private port = 0;
  private listening = false;
  private closed = false;
  private upTimer: { timer: NodeJS.Timeout; resolve: () => void } | undefined;

  private constructor(private readonly opts: LavaSimulatorOptions) {
    this.server = http.createServer((req, res) => this.handle(req, res));
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

  addRestJob(opts: RestJobOptions): RestJob {
    const job = new RestJob(opts, this.ids);
    this.register(job);
    return job;
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

  clearFaults(): void {
    this.faults.clear();
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
    if (!m || (this.opts.token !== undefined && m[1] !== this.opts.token)) return { kind: 'invalid' };
    return { kind: 'user', user: this.opts.user ?? 'admin', superuser: this.opts.superuser ?? true };
  }

  /** Private jobs are only hidden when a token is configured. */
  private get protectPrivate(): boolean {
    return this.opts.token !== undefined;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const rawUrl = req.url ?? '/';
    const qi = rawUrl.indexOf('?');
    const path = qi < 0 ? rawUrl : rawUrl.slice(0, qi);
    const rawQuery = qi < 0 ? '' : rawUrl.slice(qi + 1);
    const params = new URLSearchParams(rawQuery);
    const jobId = /^\/(?:lava-server|scheduler)\/job\/([^/]+)|^\/api\/v0\.2\/jobs\/([^/]+)/.exec(path);
    const id = jobId ? safeDecode(jobId[1] ?? jobId[2]) : undefined;
    const authorization = req.headers.authorization;
    const method = req.method ?? 'GET';
    this.requests.push({ method, path, query: Object.fromEntries(params), authorization, time: Date.now(), jobId: id });
    req.resume(); // bodies are ignored

    const fault = this.faults.take(id);
    if (fault === 'drop') {
      this.opts.log?.(`${method} ${rawUrl} -> fault drop`);
      req.socket.destroy();
      return;
    }
    if (fault === 'hang') {
      this.opts.log?.(`${method} ${rawUrl} -> fault hang`);
      return; // the socket is destroyed by goDown()/close()
    }
    let reply: Reply;
    try {
      reply =
        fault && fault !== 'half-line' ? (faultReply(fault) as Reply) : this.route(method, path, rawQuery, params, authorization, req);
      if (fault === 'half-line') {
        // Only a body with lines can be cut: keep the fault for the next such answer.
        if (reply.status === 200 && /yaml/.test(reply.headers['Content-Type'] ?? '')) reply = cutLastLine(reply);
        else this.faults.add({ jobId: id, kind: 'half-line', count: 1 });
      }
    } catch (e) {
      reply = htmlError(500, `simulator error: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.opts.log?.(`${method} ${rawUrl} -> ${reply.status}${fault ? ` (fault ${fault})` : ''}`);
    this.write(method, res, reply);
  }

  private route(
    method: string,
    path: string,
    rawQuery: string,
    params: URLSearchParams,
    authorization: string | undefined,
    req: http.IncomingMessage,
  ): Reply {
    const caller = this.caller(authorization);
    let m = /^\/lava-server\/job\/([^/]+)\/log-tail\/?$/.exec(path);
    if (m) {
      const job = this.jobs.get(safeDecode(m[1]));
      let auth: LogTailAuth = 'ok';
      if (this.opts.token !== undefined) auth = caller.kind === 'anonymous' ? 'missing' : caller.kind === 'invalid' ? 'wrong' : 'ok';
      return logTailReply(job instanceof LogTailJob ? job : undefined, params, auth);
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
}
