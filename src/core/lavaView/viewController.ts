// What keeps the LAVA view's models current: reads the lists over REST (and XML-RPC for current jobs),
// applies each server's events, and polls only where they are not up, only while a view is visible, at
// most 4 list requests a minute per server. Plain TypeScript: the VS Code layer tells it what is visible.
import { ServerConfig } from '../config/servers';
import { EventStreamState, LavaEvent, ServerEvents } from '../events/lavaEvent';
import { isAbort, LavaError } from '../net/errors';
import { Credentials, FetchFn } from '../net/http';
import { listDevices, listDeviceTypes, listWorkers, rpcCurrentJobs } from '../protocols/rest/devices';
import { listJobs, ListDeps, whoami } from '../protocols/rest/jobList';
import { Clock } from '../util/clock';
import { Emitter } from '../util/emitter';
import { JobFilter } from './jobFilter';
import { DevicesModel } from './devicesModel';
import { FollowedJob, JobsModel, LIST_SECTIONS, ListSection } from './jobsModel';

export interface ViewAccess {
  fetch: FetchFn;
  timeoutMs: () => number;
  credentials: (serverUrl: string) => Promise<Credentials | undefined>;
  clock: Clock;
  /** A server's event stream, when one runs for it (the events registry). */
  events: (server: ServerConfig) => ServerEvents | undefined;
}

export type ViewKind = 'jobs' | 'devices';

/** The budget of list requests while polling: this many a minute per server. */
export const LIST_REQUESTS_PER_MINUTE = 4;
/** The shortest poll interval, whatever the budget. */
export const MIN_POLL_MS = 60_000;
/** While events are up, the loop only wakes on a change (visibility, stream state): this is its longest sleep. */
const IDLE_SLEEP_MS = 10 * 60_000;

interface ServerRun {
  server: ServerConfig;
  events?: ServerEvents;
  unsubscribe: (() => void)[];
  stop: AbortController;
  wake?: () => void;
  /** Clock ms of the last read of each view's lists (0: never). */
  lastRead: Record<ViewKind, number>;
  /** Read again at the next turn (first look, events back up, a manual refresh). */
  stale: Record<ViewKind, boolean>;
  /** The requests the last read of each view made. */
  cost: Record<ViewKind, number>;
  /** whoami asked (once per server). */
  askedMe: boolean;
  typesRead: boolean;
}

export class LavaViewController {
  readonly jobs: JobsModel;
  readonly devices = new DevicesModel();
  private readonly changes = new Emitter<void>();
  /** Fired (coalesced) whenever what the views show changed. */
  readonly onDidChange = this.changes.event;
  private readonly runs = new Map<string, ServerRun>();
  private readonly visible: Record<ViewKind, boolean> = { jobs: false, devices: false };
  private changePending = false;
  private disposed = false;
  /** List requests made (REST lists, whoami, XML-RPC): tests and benchmarks count them. */
  requests = 0;

  constructor(private readonly access: ViewAccess) {
    this.jobs = new JobsModel(() => access.clock.now());
  }

  setServers(servers: readonly ServerConfig[]): void {
    this.jobs.setServers(servers);
    this.devices.setServers(servers);
    const keep = new Set(servers.map((s) => s.url));
    for (const [url, run] of this.runs) {
      if (keep.has(url)) continue;
      this.stopRun(run);
      this.runs.delete(url);
    }
    for (const server of servers) {
      const run = this.runs.get(server.url);
      if (!run) this.startRun(server);
      else {
        run.server = server;
        // A server's stream may be another one now (its `events` setting changed): listen to the new one.
        const events = this.access.events(server);
        if (events !== run.events) this.listen(run, events);
      }
    }
    this.changed();
  }

  setVisible(kind: ViewKind, visible: boolean): void {
    if (this.visible[kind] === visible) return;
    this.visible[kind] = visible;
    for (const run of this.runs.values()) run.wake?.();
  }

  setFollowing(jobs: readonly FollowedJob[]): void {
    this.jobs.setFollowing(jobs);
    this.changed();
  }

  setFilter(filter: JobFilter): void {
    this.jobs.setFilter(filter);
    this.changed();
    for (const run of this.runs.values()) {
      run.stale.jobs = true;
      run.wake?.();
    }
  }

  /** Reads the lists again now (a server's, or every server's); both views unless told. */
  async refresh(serverUrl?: string, kinds: readonly ViewKind[] = ['jobs', 'devices']): Promise<void> {
    const runs = [...this.runs.values()].filter((r) => serverUrl === undefined || r.server.url === serverUrl);
    await Promise.all(runs.map((run) => this.read(run, kinds, true)));
  }

  /** The next page of a section. */
  async loadMore(serverUrl: string, section: ListSection): Promise<void> {
    const run = this.runs.get(serverUrl);
    const query = this.jobs.query(serverUrl, section, true);
    if (!run || !query) return;
    try {
      const page = await listJobs(serverUrl, query, await this.deps(run));
      this.jobs.setPage(serverUrl, section, page, query.offset ?? 0);
    } catch (err) {
      if (isAbort(err)) return;
      this.jobs.setError(serverUrl, section, errorText(err));
    }
    this.afterJobs(serverUrl);
    this.changed();
  }

  eventState(serverUrl: string): EventStreamState | undefined {
    return this.runs.get(serverUrl)?.events?.state;
  }

  /** The poll interval (s) of the servers that poll now (events not up) while a view is visible; undefined when none polls. */
  pollingSeconds(): number | undefined {
    if (!this.visible.jobs && !this.visible.devices) return undefined;
    let most: number | undefined;
    for (const run of this.runs.values()) {
      if (run.events?.state.kind === 'up') continue;
      const s = Math.round(this.pollInterval(run) / 1000);
      most = Math.max(most ?? 0, s);
    }
    return most;
  }

  dispose(): void {
    this.disposed = true;
    for (const run of this.runs.values()) this.stopRun(run);
    this.runs.clear();
  }

  private startRun(server: ServerConfig): void {
    const run: ServerRun = {
      server,
      unsubscribe: [],
      stop: new AbortController(),
      lastRead: { jobs: 0, devices: 0 },
      stale: { jobs: true, devices: true },
      cost: { jobs: LIST_SECTIONS.length, devices: 3 },
      askedMe: false,
      typesRead: false,
    };
    this.runs.set(server.url, run);
    this.listen(run, this.access.events(server));
    void this.loop(run);
  }

  private listen(run: ServerRun, events: ServerEvents | undefined): void {
    for (const u of run.unsubscribe.splice(0)) u();
    run.events = events;
    if (!events) return;
    run.unsubscribe.push(
      events.onEvent((event) => this.onEvent(run, event)),
      events.onState((state) => {
        // Back up: what happened while it was down is read once.
        if (state.kind === 'up') run.stale = { jobs: true, devices: true };
        this.changed();
        run.wake?.();
      }),
    );
    run.wake?.();
  }

  private stopRun(run: ServerRun): void {
    run.stop.abort();
    for (const u of run.unsubscribe.splice(0)) u();
  }

  private onEvent(run: ServerRun, event: LavaEvent): void {
    const url = run.server.url;
    let changed: boolean;
    if (event.kind === 'job') {
      changed = this.jobs.applyEvent(url, event);
      if (changed) this.devices.setQueued(url, this.jobs.queuedByType(url));
      changed = this.devices.applyEvent(url, event) || changed;
    } else {
      changed = this.devices.applyEvent(url, event);
    }
    if (changed) this.changed();
  }

  /** Requests a poll of the visible views costs, spread so that a minute holds at most LIST_REQUESTS_PER_MINUTE. */
  private pollInterval(run: ServerRun): number {
    const cost = (this.visible.jobs ? run.cost.jobs : 0) + (this.visible.devices ? run.cost.devices : 0);
    return Math.max(MIN_POLL_MS, Math.ceil((cost * 60_000) / LIST_REQUESTS_PER_MINUTE));
  }

  private async loop(run: ServerRun): Promise<void> {
    const signal = run.stop.signal;
    while (!signal.aborted && !this.disposed) {
      const now = this.access.clock.now();
      const up = run.events?.state.kind === 'up';
      const interval = this.pollInterval(run);
      const due = (kind: ViewKind) => this.visible[kind] && (run.stale[kind] || (!up && now - run.lastRead[kind] >= interval));
      const kinds = (['jobs', 'devices'] as const).filter(due);
      if (kinds.length) await this.read(run, kinds, false);
      if (signal.aborted) return;
      const anyVisible = this.visible.jobs || this.visible.devices;
      const next = !anyVisible || up ? IDLE_SLEEP_MS : Math.max(1000, interval - (this.access.clock.now() - this.oldestRead(run)));
      await this.wait(run, next);
    }
  }

  private oldestRead(run: ServerRun): number {
    const reads = (['jobs', 'devices'] as const).filter((k) => this.visible[k]).map((k) => run.lastRead[k]);
    return reads.length ? Math.min(...reads) : this.access.clock.now();
  }

  private wait(run: ServerRun, ms: number): Promise<void> {
    const stop = new AbortController();
    const onStop = () => stop.abort();
    run.stop.signal.addEventListener('abort', onStop, { once: true });
    run.wake = () => stop.abort();
    return this.access.clock
      .sleep(ms, stop.signal)
      .catch(() => undefined)
      .finally(() => {
        run.stop.signal.removeEventListener('abort', onStop);
        run.wake = undefined;
      });
  }

  private async deps(run: ServerRun): Promise<ListDeps> {
    const credentials = await this.access.credentials(run.server.url);
    const fetch: FetchFn = (input, init) => {
      this.requests++;
      return this.access.fetch(input, init);
    };
    return { fetch, timeoutMs: this.access.timeoutMs(), credentials, signal: run.stop.signal };
  }

  private async read(run: ServerRun, kinds: readonly ViewKind[], manual: boolean): Promise<void> {
    const url = run.server.url;
    let deps: ListDeps;
    try {
      deps = await this.deps(run);
    } catch {
      return;
    }
    if (kinds.includes('jobs')) {
      run.stale.jobs = false;
      run.lastRead.jobs = this.access.clock.now();
      if (!run.askedMe) {
        run.askedMe = true;
        let me: string | undefined;
        if (deps.credentials) me = await whoami(url, deps).catch(() => undefined);
        this.jobs.setMe(url, me ?? run.server.username);
      }
      let cost = 0;
      await Promise.all(
        LIST_SECTIONS.map(async (section) => {
          const query = this.jobs.query(url, section);
          if (!query) return;
          cost++;
          try {
            this.jobs.setPage(url, section, await listJobs(url, query, deps));
          } catch (err) {
            if (!isAbort(err)) this.jobs.setError(url, section, errorText(err));
          }
          this.changed(); // each section shows as soon as it is read
        }),
      );
      run.cost.jobs = Math.max(1, cost);
      this.afterJobs(url);
      this.changed();
    }
    if (kinds.includes('devices')) {
      run.stale.devices = false;
      run.lastRead.devices = this.access.clock.now();
      const readTypes = manual || !run.typesRead;
      try {
        const [devices, workers, types, currentJobs] = await Promise.all([
          listDevices(url, deps),
          listWorkers(url, deps).catch(() => []),
          readTypes ? listDeviceTypes(url, deps).catch(() => undefined) : Promise.resolve(undefined),
          rpcCurrentJobs(url, { ...deps, username: this.jobs.server(url)?.me ?? run.server.username }).catch(() => undefined),
        ]);
        if (types) run.typesRead = true;
        this.devices.setInventory(url, { devices, workers, types, currentJobs });
        this.afterJobs(url);
      } catch (err) {
        if (!isAbort(err)) this.devices.setError(url, errorText(err));
      }
      this.changed();
    }
  }

  /** What the devices take from the jobs: queued per type, current jobs XML-RPC did not give. */
  private afterJobs(url: string): void {
    this.devices.setQueued(url, this.jobs.queuedByType(url));
    this.devices.fillCurrentJobs(url, this.jobs.runningByDevice(url));
  }

  /** Coalesces changes into one fire per turn. */
  private changed(): void {
    if (this.changePending || this.disposed) return;
    this.changePending = true;
    queueMicrotask(() => {
      this.changePending = false;
      if (!this.disposed) this.changes.fire();
    });
  }
}

function errorText(err: unknown): string {
  return err instanceof LavaError ? err.message : String(err);
}
