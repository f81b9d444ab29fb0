// vscode/views — what the user sees: Output channels, status bar, pickers, notifications.
import * as vscode from 'vscode';

const LOG_LANGUAGE_ID = 'lava-log';

/** One Output channel per job, reused when the same job is followed again. */
export class JobChannels implements vscode.Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();

  /** The job's channel, created empty or cleared for a new follow. */
  open(key: string, name: string): vscode.OutputChannel {
    let channel = this.channels.get(key);
    if (channel) {
      channel.clear();
    } else {
      channel = vscode.window.createOutputChannel(name, LOG_LANGUAGE_ID);
      this.channels.set(key, channel);
    }
    return channel;
  }

  get(key: string): vscode.OutputChannel | undefined {
    return this.channels.get(key);
  }

  dispose(): void {
    for (const channel of this.channels.values()) channel.dispose();
    this.channels.clear();
  }
}

/** `LAVA job 1234`, or `LAVA job 1234 (server)` when several servers are configured. */
export function channelName(jobId: string, serverName: string, severalServers: boolean): string {
  return severalServers ? `LAVA job ${jobId} (${serverName})` : `LAVA job ${jobId}`;
}
