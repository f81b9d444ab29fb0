// Find Job: asks each configured server for its jobs (and who the user is there).
import { ResolvedApi } from '../protocols/apiDetect';
import { isAbort, LavaError, LavaErrorKind } from '../net/errors';
import { Credentials, FetchFn } from '../net/http';
import { JobSummary, listJobs, listJobsUpTo, ListDeps, whoami } from '../protocols/rest/jobList';
import { ServerJobs } from './jobPickModel';
import { ServerConfig } from '../config/servers';

export interface FinderDeps {
  fetch: FetchFn;
  timeoutMs: number;
  /** Which protocol a server speaks (ApiDetector.resolve). */
  resolveApi(server: ServerConfig, credentials?: Credentials, signal?: AbortSignal): Promise<ResolvedApi>;
  credentials(serverUrl: string): Promise<Credentials | undefined>;
  /** How many jobs each list asks for. */
  limits?: FinderLimits;
}

export interface FinderLimits {
  running: number;
  recent: number;
  mine: number;
}

const defaultLimits: FinderLimits = { running: 50, recent: 30, mine: 30 };

interface Entry {
  server: ServerConfig;
  api: ServerJobs['api'];
  jobs: Map<string, JobSummary>;
  /** Requests in flight. */
  pending: number;
  error?: { kind: LavaErrorKind; message: string };
  user?: string;
  /** whoami has answered (or failed): `user` is final. */
  userKnown: boolean;
  mineAsked: boolean;
  /** Bumped by retry(): answers of an older round are dropped. */
  round: number;
  credentials?: Credentials;
}

/**
 * Loads the jobs of every configured server for the Find Job picker, each
 * server on its own: running jobs, the most recent ones, and (once asked) the
 * user's own. Every answer is reported at once through `onChange`, so a slow
 * or failing server holds nobody; a failure becomes that server's `error`.
 */
export class JobFinder {
  private readonly controller = new AbortController();
  private readonly entries: Entry[];
  private wantMine = false;
  private readonly limits: FinderLimits;

  constructor(
    servers: readonly ServerConfig[],
    private readonly deps: FinderDeps,
    private readonly onChange: () => void,
  ) {
    this.limits = deps.limits ?? defaultLimits;
    this.entries = servers.map((server) => ({
      server,
      api: server.api === 'rest' || server.api === 'log-tail' ? server.api : 'unknown',
      jobs: new Map(),
      pending: 0,
      userKnown: false,
      mineAsked: false,
      round: 0,
    }));
  }

  /** What is known so far, one entry per server in the configured order. */
  get servers(): ServerJobs[] {
    return this.entries.map((e) => ({
      server: e.server,
      api: e.api,
      loading: e.pending > 0,
      jobs: [...e.jobs.values()],
      error: e.error,
      user: e.user,
    }));
  }

  /** True while any server has a request in flight. */
  get busy(): boolean {
    return this.entries.some((e) => e.pending > 0);
  }

  /** Starts loading every server. */
  start(): void {
    for (const entry of this.entries) void this.load(entry);
  }

  /** Also loads the user's own jobs from each server (for "only my jobs"). */
  loadMine(): void {
    this.wantMine = true;
    for (const entry of this.entries) this.askMine(entry);
  }

  /** Loads one server again (after an error), or every server without `serverUrl`. */
  retry(serverUrl?: string): void {
    for (const entry of this.entries) {
      if (serverUrl !== undefined && entry.server.url !== serverUrl) continue;
      entry.round++;
      entry.pending = 0;
      entry.error = undefined;
      entry.userKnown = false;
      entry.mineAsked = false;
      void this.load(entry);
    }
  }

  /** Cancels every request; no change is reported afterwards. */
  dispose(): void {
    this.controller.abort();
  }

  private get disposed(): boolean {
    return this.controller.signal.aborted;
  }

  private changed(): void {
    if (!this.disposed) this.onChange();
  }

  private async load(entry: Entry): Promise<void> {
    const round = entry.round;
    const { server } = entry;
    await this.track(entry, round, async () => {
      const credentials = await this.deps.credentials(server.url);
      if (round !== entry.round) return;
      entry.credentials = credentials;
      const api = await this.deps.resolveApi(server, credentials, this.controller.signal);
      if (round !== entry.round) return;
      entry.api = api;
      if (api === 'log-tail') return;
      const deps = this.listDeps(entry);
      void this.track(entry, round, async () => {
        let user: string | undefined;
        try {
          user = await whoami(server.url, deps);
        } catch (err) {
          if (isAbort(err)) throw err;
          // Not knowing who we are is no error of the job list: fall back to the configured name.
        }
        if (round !== entry.round) return;
        entry.user = user ?? server.username;
        entry.userKnown = true;
        this.askMine(entry);
      });
      void this.track(entry, round, async () => {
        const jobs = await listJobsUpTo(
          server.url,
          { stateIn: ['Running', 'Canceling'], ordering: '-start_time' },
          this.limits.running,
          deps,
        );
        if (round === entry.round) this.merge(entry, jobs);
      });
      void this.track(entry, round, async () => {
        const page = await listJobs(server.url, { ordering: '-id', limit: this.limits.recent }, deps);
        if (round === entry.round) this.merge(entry, page.jobs);
      });
    });
  }

  private askMine(entry: Entry): void {
    if (!this.wantMine || entry.mineAsked || !entry.userKnown || !entry.user || entry.api !== 'rest') return;
    entry.mineAsked = true;
    const round = entry.round;
    const user = entry.user;
    void this.track(entry, round, async () => {
      const page = await listJobs(entry.server.url, { submitter: user, ordering: '-id', limit: this.limits.mine }, this.listDeps(entry));
      if (round === entry.round) this.merge(entry, page.jobs);
    });
  }

  private listDeps(entry: Entry): ListDeps {
    return { fetch: this.deps.fetch, timeoutMs: this.deps.timeoutMs, credentials: entry.credentials, signal: this.controller.signal };
  }

  /** A job seen again replaces the older copy (it may have finished since). */
  private merge(entry: Entry, jobs: readonly JobSummary[]): void {
    for (const job of jobs) entry.jobs.set(job.id, job);
  }

  /** Runs one request of `entry`: counts it as pending, keeps its first error, reports each change. */
  private async track(entry: Entry, round: number, work: () => Promise<void>): Promise<void> {
    if (round !== entry.round) return;
    entry.pending++;
    this.changed();
    try {
      await work();
    } catch (err) {
      if (round === entry.round && !this.disposed && !isAbort(err) && !entry.error) entry.error = errorOf(err);
    } finally {
      if (round === entry.round) entry.pending--;
      this.changed();
    }
  }
}

function errorOf(err: unknown): { kind: LavaErrorKind; message: string } {
  if (err instanceof LavaError) return { kind: err.kind, message: err.message };
  return { kind: 'bad-response', message: (err as Error)?.message ?? String(err) };
}
