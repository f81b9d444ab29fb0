import * as vscode from 'vscode';
import { ServerConfig } from '../../core/config/servers';
import { FollowEnd } from '../../core/follow/follower';
import { EndedLogs } from '../../core/follow/endedLogs';
import { FollowRegistry, jobKey } from '../../core/follow/followRegistry';
import { FetchFn } from '../../core/net/http';
import { ApiDetector } from '../../core/protocols/apiDetect';
import { getFollowSettings, getServers } from '../settings';
import { TokenStore } from '../tokenStore';
import { JobChannels } from './jobChannels';
import { channelName } from '../../core/text/uiText';
import { JobFollow } from './jobFollow';
import type { ServerEvents } from '../../core/events/lavaEvent';

/** What a request to a server needs: fetch, the stored tokens, the API each server speaks. */
export interface ServerAccess {
  tokens: TokenStore;
  fetch: FetchFn;
  apis: ApiDetector;
  /** A server's event stream, when one runs for it (vscode/events EventStreams). */
  events?: (server: ServerConfig) => ServerEvents | undefined;
}

/** What commands and workflows that follow jobs are given. */
export interface FollowContext extends ServerAccess {
  follows: Follows;
}

/**
 * A change of the followed jobs: one started; its state changed (reconnecting or not); it was
 * stopped (gone from the list at once, its `ended` comes when its last request is over); it ended.
 */
export type FollowEvent =
  | { kind: 'started'; follow: JobFollow }
  | { kind: 'state'; follow: JobFollow }
  | { kind: 'stopped'; follow: JobFollow }
  | { kind: 'ended'; follow: JobFollow; end: FollowEnd };

/** How a follow starts. */
export interface FollowOptions {
  /** A server that is not configured: no token is sent (its channel name says which server). */
  anonymous?: boolean;
  /** The job gets an Output channel (default true). A follow that only feeds a document has none. */
  channel?: boolean;
  /** Show the channel (default: when it has one). LAVA: Open Job Log and a window reload follow without showing it. */
  show?: boolean;
  /** Tell how the job ended (default true). A follow that only feeds a document does not. */
  notify?: boolean;
  /** A first line for the channel. */
  notice?: string;
  /** Followed again after a window reload (default: when the channel is shown). */
  remember?: boolean;
  /** A job whose follow just ended with its whole log (still kept): that follow, not a new read. */
  reuseEnded?: boolean;
}

/**
 * The follows of this window: one per job, each with its log and (when the user follows it) its
 * Output channel. Commands, documents, the follow memory and views ask it to follow a job, find
 * one, list them, stop them, and listen to `onDidChange`. It tells nobody how a job ended: its
 * `ended` event does (main.ts wires the notification).
 */
export class Follows implements vscode.Disposable {
  private readonly registry = new FollowRegistry<JobFollow>();
  private readonly channels = new JobChannels();
  private readonly changes = new vscode.EventEmitter<FollowEvent>();
  /** Follows that ended with the job's whole log, kept a while (bounded) for its document. */
  private readonly ended = new EndedLogs<{ readonly size: number; readonly follow: JobFollow }>();
  /** A follow started, changed state or ended. */
  readonly onDidChange = this.changes.event;

  constructor(private readonly access: ServerAccess) {}

  /** The follow of a job, if it is followed. */
  get(serverUrl: string, jobId: string): JobFollow | undefined {
    return this.registry.get(jobKey(serverUrl, jobId));
  }

  /** Every job followed, oldest first. */
  list(): JobFollow[] {
    return this.registry.list();
  }

  get size(): number {
    return this.registry.size;
  }

  /**
   * Follows `jobId` on `server`; when it is already followed, that follow (given a channel if it
   * had none and one is asked for, and shown unless `show: false`).
   */
  async follow(server: ServerConfig, jobId: string, options: FollowOptions = {}): Promise<JobFollow> {
    // Read the token first: nothing may await between "is it followed?" and registering the follow.
    const credentials = options.anonymous ? undefined : await this.access.tokens.credentials(server.url);
    const wantsChannel = options.channel !== false;
    const show = wantsChannel && options.show !== false;
    const key = jobKey(server.url, jobId);
    const existing = this.registry.get(key);
    const ended = options.reuseEnded && !existing ? this.ended.get(key)?.follow : undefined;
    if (ended) return ended;
    if (existing) {
      if (wantsChannel && !existing.channel) existing.attach(this.openChannel(server, jobId, options.anonymous === true));
      if (show) existing.channel?.show(true);
      return existing;
    }
    const channel = wantsChannel ? this.openChannel(server, jobId, options.anonymous === true) : undefined;
    if (show) channel?.show(true);
    const job = new JobFollow(key, server, jobId, channel, {
      fetch: this.access.fetch,
      apis: this.access.apis,
      settings: getFollowSettings(),
      credentials,
      notice: options.notice,
      remember: options.remember ?? show,
      notify: options.notify,
      events: this.access.events && (() => this.access.events?.(server)),
    });
    this.ended.drop(key);
    this.registry.add(key, job);
    const state = job.onDidChangeState(() => this.changes.fire({ kind: 'state', follow: job }));
    this.changes.fire({ kind: 'started', follow: job });
    void job.ended.then((end) => {
      state.dispose();
      this.registry.remove(key, job);
      if (end.kind === 'finished' && job.log.finished) this.ended.keep(key, { size: job.log.size, follow: job });
      this.changes.fire({ kind: 'ended', follow: job, end });
    });
    return job;
  }

  /** Shows a follow's channel, giving it one if it had none (a follow that fed only a document). */
  showChannel(job: JobFollow): void {
    if (!job.channel) job.attach(this.openChannel(job.server, job.jobId, false));
    job.channel?.show(true);
  }

  /** Stops following these jobs at once. */
  stop(...jobs: JobFollow[]): void {
    for (const job of jobs) {
      if (this.registry.get(job.key) !== job) continue;
      this.registry.stop(job.key, job);
      this.changes.fire({ kind: 'stopped', follow: job });
    }
  }

  stopAll(): void {
    this.stop(...this.registry.list());
  }

  /** Every job channel (followed or ended): its key, its name, its follow while it runs. */
  channelList(): { key: string; name: string; follow?: JobFollow }[] {
    return this.channels.list().map((c) => ({ ...c, follow: this.registry.get(c.key) }));
  }

  /** Closes a job's channel, stopping its follow first. */
  closeChannel(key: string): void {
    const job = this.registry.get(key);
    if (job) this.stop(job);
    this.channels.close(key);
  }

  /** Stops every follow, then closes every channel. */
  dispose(): void {
    this.stopAll();
    this.channels.dispose();
    this.changes.dispose();
  }

  private openChannel(server: ServerConfig, jobId: string, anonymous: boolean): vscode.OutputChannel {
    const severalServers = getServers().length > 1 || anonymous;
    return this.channels.open(jobKey(server.url, jobId), channelName(jobId, server.name, severalServers));
  }
}
