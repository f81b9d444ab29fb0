import * as vscode from 'vscode';
import { ServerConfig } from '../../core/config/servers';
import type { JobEvent, LavaEvent, ServerEvents } from '../../core/events/lavaEvent';
import { MyJobEnds } from '../../core/events/myJobs';
import { QuietChange, QuietJobs } from '../../core/events/quietJobs';
import { Clock, systemClock } from '../../core/util/clock';
import { Event } from '../../core/util/emitter';
import { Follows } from '../follow/follows';
import { JobFollow } from '../follow/jobFollow';
import { getQuietMs, getServers, getWatchMyJobs } from '../settings';
import { notifyQuiet, notifyWatchedEnd } from '../views/notifications';
import { EventStreams } from './eventStreams';

/** What the LAVA view marks: a followed Running job silent for `lava.quietMinutes`. */
export interface QuietMarks {
  isQuiet(serverUrl: string, jobId: string): boolean;
  readonly onDidChange: Event<QuietChange>;
}

/**
 * The users of the event streams in this window besides the LAVA view:
 * - each followed job holds a lease on its server's stream while it is followed;
 * - Watch My Jobs (`lava.watchMyJobs`) holds one on every configured server and tells the end of
 *   each job of the token's user that no follow of this window tells already;
 * - quiet jobs: a followed job that is Running (its log arriving, or its events say so) and prints
 *   nothing for `lava.quietMinutes` is told once (Open Job Log, Cancel Job…, Resubmit) and marked.
 */
export class JobWatch implements vscode.Disposable {
  readonly quiet: QuietJobs;
  private readonly followLeases = new Map<JobFollow, vscode.Disposable[]>();
  private watchLeases: vscode.Disposable[] = [];
  private readonly listening = new Map<ServerEvents, () => void>();
  private readonly mine = new Map<string, MyJobEnds>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly streams: EventStreams,
    private readonly follows: Follows,
    clock: Clock = systemClock,
    /** Told whether Watch My Jobs is on (main.ts keeps it for the entry: loaded at startup to watch). */
    private readonly watching: (on: boolean) => void = () => undefined,
  ) {
    this.quiet = new QuietJobs(clock, getQuietMs());
    this.subscriptions.push(
      follows.onDidChange((e) => {
        if (e.kind === 'started') this.followed(e.follow);
        else if (e.kind === 'stopped' || e.kind === 'ended') this.unfollowed(e.follow);
        if (e.kind === 'ended' && e.follow.notify && e.end.kind !== 'stopped') this.toldByFollow(e.follow.server.url, e.follow.jobId);
      }),
      streams.onDidStart(({ server, events }) => this.listen(server, events)),
      this.quiet.onDidChange((c) => {
        if (!c.first) return;
        const server = getServers().find((s) => s.url === c.serverUrl);
        if (server) void notifyQuiet(server, c.jobId, getQuietMs() / 60_000, getServers().length > 1);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('lava.quietMinutes')) this.quiet.setQuietMs(getQuietMs());
        if (e.affectsConfiguration('lava.watchMyJobs') || e.affectsConfiguration('lava.servers')) this.applyWatchMyJobs();
      }),
    );
    for (const job of follows.list()) this.followed(job);
    for (const { server, events } of streams.list()) this.listen(server, events);
    this.applyWatchMyJobs();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const leases of this.followLeases.values()) for (const l of leases) l.dispose();
    this.followLeases.clear();
    for (const l of this.watchLeases) l.dispose();
    this.watchLeases = [];
    for (const off of this.listening.values()) off();
    this.listening.clear();
    this.quiet.dispose();
  }

  private followed(job: JobFollow): void {
    if (this.followLeases.has(job)) return;
    const { url } = job.server;
    this.quiet.track(url, job.jobId);
    const log = job.log.onDidChange((change) => {
      if (change.kind === 'finished') this.quiet.forget(url, job.jobId);
      else if (change.kind === 'appended') {
        this.quiet.running(url, job.jobId, true); // its log arrives: it runs (or ran)
        this.quiet.output(url, job.jobId);
      }
    });
    this.followLeases.set(job, [this.streams.use(job.server), log]);
  }

  private unfollowed(job: JobFollow): void {
    const leases = this.followLeases.get(job);
    if (!leases) return;
    this.followLeases.delete(job);
    for (const l of leases) l.dispose();
    this.quiet.forget(job.server.url, job.jobId);
  }

  private applyWatchMyJobs(): void {
    for (const l of this.watchLeases) l.dispose();
    const on = getWatchMyJobs();
    this.watchLeases = on ? getServers().map((s) => this.streams.use(s)) : [];
    this.watching(on);
  }

  private listen(server: ServerConfig, events: ServerEvents): void {
    if (this.listening.has(events)) return;
    const off = events.onEvent((event) => this.onEvent(server, event));
    this.listening.set(events, off);
  }

  private onEvent(server: ServerConfig, event: LavaEvent): void {
    if (event.kind !== 'job') return;
    // A followed job's state from its events: only a Running job can be quiet.
    if (this.follows.get(server.url, event.job)) this.quiet.running(server.url, event.job, event.state === 'Running');
    if (event.state === 'Finished' && getWatchMyJobs()) void this.watchedEnd(server, event);
  }

  private async watchedEnd(server: ServerConfig, event: JobEvent): Promise<void> {
    const user = await this.streams.user(server.url);
    if (!user) return;
    let mine = this.mine.get(server.url);
    if (!mine || this.mineUser.get(server.url) !== user) {
      mine = new MyJobEnds(user);
      this.mine.set(server.url, mine);
      this.mineUser.set(server.url, user);
    }
    if (!mine.ended(event)) return;
    // A followed job that tells its own end is not told twice.
    if (this.follows.get(server.url, event.job)?.notify || this.told.has(`${server.url}\n${event.job}`)) return;
    await notifyWatchedEnd(server, event, getServers().length > 1);
  }

  private readonly mineUser = new Map<string, string>();
  /** Followed jobs whose end their follow told (bounded): their Finished event may come after. */
  private readonly told = new Set<string>();

  private toldByFollow(serverUrl: string, jobId: string): void {
    this.told.add(`${serverUrl}\n${jobId}`);
    if (this.told.size > 200) this.told.delete(this.told.values().next().value as string);
  }
}
