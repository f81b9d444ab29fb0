import type * as vscode from 'vscode';
import { ChannelText } from '../../core/follow/channelText';
import { RecordText } from '../../core/follow/recordText';
import { JobLog } from '../../core/log/jobLog';
import { LineMap } from '../../core/log/lineMap';
import { Clock, systemClock } from '../../core/util/clock';
import { FollowEnd, FollowNotice, JobFollower } from '../../core/follow/follower';
import { ApiDetector } from '../../core/protocols/apiDetect';
import { LavaError } from '../../core/net/errors';
import { Credentials, FetchFn } from '../../core/net/http';
import { followErrorText, noticeText } from '../../core/text/messages';
import { ServerConfig } from '../../core/config/servers';
import { createLogSource } from '../../core/protocols/createLogSource';
import type { FollowSettings } from '../settings';
import { jobLabel, NOTICES } from '../../core/text/uiText';
import { Emitter } from '../../core/util/emitter';
import { JobStateFeed } from '../../core/events/jobStateFeed';
import type { ServerEvents } from '../../core/events/lavaEvent';

/**
 * A job being followed: its JobLog (shared with its documents) and, when the user follows it,
 * its Output channel. A follow that only feeds a document has no channel until one is attached
 * (`attach`), which then gets the log so far.
 */
export class JobFollow {
  readonly label: string;
  private channelOf?: vscode.OutputChannel;
  private readonly text: ChannelText;
  private readonly format: FollowSettings['format'];
  private readonly follower: JobFollower;
  readonly ended: Promise<FollowEnd>;
  /** The job's log as records or text, shared with its documents. */
  readonly log = new JobLog();
  readonly remember: boolean;
  readonly notify: boolean;
  private failing?: LavaError;
  private readonly stateChanges = new Emitter();

  constructor(
    readonly key: string,
    readonly server: ServerConfig,
    readonly jobId: string,
    channel: vscode.OutputChannel | undefined,
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
      /** Tell how the job ended (default true): a follow that only feeds a document, or a MultiNode sub-job, does not. */
      notify?: boolean;
      /** The server's event stream, when one runs (its job events spare the follow reading the job's state). */
      events?: () => ServerEvents | undefined;
    },
  ) {
    this.remember = deps.remember !== false;
    this.notify = deps.notify !== false;
    this.channelOf = channel;
    this.format = deps.settings.format;
    this.label = jobLabel(jobId);
    const clock = deps.clock ?? systemClock;
    const text = new ChannelText((chunk) => {
      try {
        this.channelOf?.append(chunk);
      } catch {
        // The channel was closed (deactivation): nothing left to show.
      }
    });
    this.text = text;
    if (deps.notice) text.notice(deps.notice);
    // While the server's event stream is up, the job's state comes from its events, and an event polls at once.
    const states = deps.events ? new JobStateFeed(jobId, deps.events, clock, () => this.follower.wake()) : undefined;
    const source = createLogSource(server, jobId, {
      fetch: deps.fetch,
      apis: deps.apis,
      timeoutMs: deps.settings.timeoutMs,
      credentials: deps.credentials,
      clock,
      knownState: states && ((lastRead) => states.knownState(lastRead)),
    });
    // REST records are formatted once, here: the JobLog keeps each body, the channel shows it with its time.
    const records = new RecordText(jobId, deps.settings.format);
    this.follower = new JobFollower(
      source,
      {
        data: (data) => {
          if (data.kind === 'text') {
            text.append(data.text);
            this.log.addText(data.text);
            return;
          }
          records.take(data.lines, (shown, lines) => {
            this.log.addLines(lines);
            text.append(shown);
          });
        },
        notice: (notice) => {
          text.notice(noticeText(notice));
          if (notice.kind === 'restarted') this.log.restart();
          this.observe(notice);
        },
      },
      clock,
      deps.settings.follow,
    );
    states?.attach();
    this.ended = this.follower.run().then((end) => {
      states?.detach();
      this.setFailing(undefined);
      if (end.kind === 'finished') this.log.finish(end.outcome);
      if (end.kind === 'stopped') text.notice(NOTICES.stoppedFollowing);
      if (end.kind === 'failed') text.notice(followErrorText(end.error, this.label, server.name));
      return end;
    });
  }

  /** The job's Output channel, if it has one. */
  get channel(): vscode.OutputChannel | undefined {
    return this.channelOf;
  }

  /**
   * Gives a follow that had no channel its channel, filled with the log so far (rendered from
   * the JobLog as the channel would have had it); what comes next is appended as usual.
   */
  attach(channel: vscode.OutputChannel): void {
    if (this.channelOf) return;
    this.channelOf = channel;
    const soFar = this.log.kind === 'records' ? this.log.render(this.format, new LineMap()) : this.log.text();
    this.text.append(soFar);
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
