import * as vscode from 'vscode';
import { ChannelText } from '../core/follow/channelText';
import { systemClock } from '../core/follow/clock';
import { FollowEnd, JobFollower } from '../core/follow/follower';
import { ApiDetector } from '../core/protocols/apiDetect';
import { Credentials, FetchFn } from '../core/net/http';
import { followErrorText, noticeText } from '../core/text/messages';
import { ServerConfig } from '../core/config/servers';
import { createLogSource } from '../core/protocols/createLogSource';
import { FollowSettings } from './settings';

/** A job being followed into its Output channel. */
export class ChannelFollow {
  readonly label: string;
  private readonly follower: JobFollower;
  readonly ended: Promise<FollowEnd>;

  constructor(
    readonly key: string,
    readonly server: ServerConfig,
    readonly jobId: string,
    readonly channel: vscode.OutputChannel,
    deps: { fetch: FetchFn; apis: ApiDetector; settings: FollowSettings; credentials?: Credentials },
  ) {
    this.label = `LAVA job ${jobId}`;
    const text = new ChannelText((chunk) => {
      try {
        channel.append(chunk);
      } catch {
        // The channel was closed (deactivation): nothing left to show.
      }
    });
    const source = createLogSource(server, jobId, {
      fetch: deps.fetch,
      apis: deps.apis,
      timeoutMs: deps.settings.timeoutMs,
      credentials: deps.credentials,
      format: deps.settings.format,
      clock: systemClock,
    });
    this.follower = new JobFollower(
      source,
      { append: (chunk) => text.append(chunk), notice: (notice) => text.notice(noticeText(notice)) },
      systemClock,
      deps.settings.follow,
    );
    this.ended = this.follower.run().then((end) => {
      if (end.kind === 'stopped') text.notice('Stopped following.');
      if (end.kind === 'failed') text.notice(followErrorText(end.error, this.label, server.name));
      text.flush();
      return end;
    });
  }

  stop(): void {
    this.follower.stop();
  }
}
