import type * as vscode from 'vscode';
import { ChannelText } from '../core/follow/channelText';
import { JobLog } from '../core/log/jobLog';
import { Clock, systemClock } from '../core/util/clock';
import { Emitter } from '../core/util/emitter';
import { FollowEnd, FollowNotice, JobFollower } from '../core/follow/follower';
import { ApiDetector } from '../core/protocols/apiDetect';
import { LavaError } from '../core/net/errors';
import { Credentials, FetchFn } from '../core/net/http';
import { followErrorText, noticeText } from '../core/text/messages';
import { ServerConfig } from '../core/config/servers';
import { createLogSource } from '../core/protocols/createLogSource';
import type { FollowSettings } from './settings';

/** A job being followed into its Output channel. */
export class ChannelFollow {
  readonly label: string;
  private readonly follower: JobFollower;
  readonly ended: Promise<FollowEnd>;
  /** The job's log as records or text, shared with its documents. */
  readonly log = new JobLog();
  readonly remember: boolean;
  private failing?: LavaError;
  private readonly stateChanges = new Emitter();

  constructor(
    readonly key: string,
    readonly server: ServerConfig,
    readonly jobId: string,
    readonly channel: vscode.OutputChannel,
    deps: {
      fetch: FetchFn;
      apis: ApiDetector;
      settings: FollowSettings;
      credentials?: Credentials;
      clock?: Clock;
      /** A first line for the channel (e.g. "following again after a window reload"). */
      notice?: string;
      /** Followed by the user (remembered across a window reload), not only to feed a document. */
      remember?: boolean;
    },
  ) {
    this.remember = deps.remember !== false;
    this.label = `LAVA job ${jobId}`;
    const clock = deps.clock ?? systemClock;
    const text = new ChannelText((chunk) => {
      try {
        channel.append(chunk);
      } catch {
        // The channel was closed (deactivation): nothing left to show.
      }
    });
    if (deps.notice) text.notice(deps.notice);
    const source = createLogSource(server, jobId, {
      fetch: deps.fetch,
      apis: deps.apis,
      timeoutMs: deps.settings.timeoutMs,
      credentials: deps.credentials,
      format: deps.settings.format,
      clock,
    });
    this.follower = new JobFollower(
      source,
      {
        append: (chunk) => {
          text.append(chunk);
          if (this.log.kind !== 'records') this.log.addText(chunk);
        },
        records: (lines) => this.log.addLines(lines),
        notice: (notice) => {
          text.notice(noticeText(notice));
          if (notice.kind === 'restarted') this.log.restart();
          this.observe(notice);
        },
      },
      clock,
      deps.settings.follow,
    );
    this.ended = this.follower.run().then((end) => {
      this.setFailing(undefined);
      if (end.kind === 'finished') this.log.finish(end.outcome);
      if (end.kind === 'stopped') text.notice('Stopped following.');
      if (end.kind === 'failed') text.notice(followErrorText(end.error, this.label, server.name));
      return end;
    });
  }

  /** While the follower retries a failure (the server away, or an answer that is not LAVA's): that failure. */
  get reconnecting(): LavaError | undefined {
    return this.failing;
  }

  /** Fires when `reconnecting` changes. */
  readonly onDidChangeState = this.stateChanges.event;

  stop(): void {
    this.follower.stop();
  }

  private observe(notice: FollowNotice): void {
    if (notice.kind === 'reconnecting') this.setFailing(notice.error);
    else if (notice.kind === 'reconnected') this.setFailing(undefined);
  }

  private setFailing(error: LavaError | undefined): void {
    if (error === this.failing) return;
    this.failing = error;
    this.stateChanges.fire();
  }
}
