import * as vscode from 'vscode';
import { ChannelLease } from './channelLease';

const LOG_LANGUAGE_ID = 'lava-log';

/**
 * One Output channel per job, reused when the same job is followed again. Each follow
 * gets its own ChannelLease: once the job's channel is opened again, the older follow's
 * writes (its "Stopped following.") go nowhere.
 */
export class JobChannels implements vscode.Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private readonly generations = new Map<string, number>();

  /** The job's channel, created empty or cleared for a new follow, as seen by that follow. */
  open(key: string, name: string): ChannelLease {
    let channel = this.channels.get(key);
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    if (channel) {
      channel.clear();
    } else {
      channel = vscode.window.createOutputChannel(name, LOG_LANGUAGE_ID);
      this.channels.set(key, channel);
    }
    return new ChannelLease(channel, () => this.generations.get(key) === generation);
  }

  get(key: string): vscode.OutputChannel | undefined {
    return this.channels.get(key);
  }

  /** Every job channel: its key and name. */
  list(): { key: string; name: string }[] {
    return [...this.channels].map(([key, channel]) => ({ key, name: channel.name }));
  }

  /** Closes a job's channel (its text is gone; following the job again opens a new one). */
  close(key: string): void {
    const channel = this.channels.get(key);
    if (!channel) return;
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.channels.delete(key);
    channel.dispose();
  }

  dispose(): void {
    for (const channel of this.channels.values()) channel.dispose();
    this.channels.clear();
  }
}
