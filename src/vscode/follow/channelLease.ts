import type * as vscode from 'vscode';

/**
 * One follow's lease on a job's Output channel. The channel is reused when the job is
 * followed again (JobChannels.open clears it and starts a new generation); a follow of an
 * older generation — stopped, still writing its last words — then writes nothing: only
 * the current follow's text reaches the channel.
 */
export class ChannelLease implements vscode.OutputChannel {
  constructor(
    private readonly inner: vscode.OutputChannel,
    private readonly current: () => boolean,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  /** False once the channel was opened again for a newer follow. */
  get isCurrent(): boolean {
    return this.current();
  }

  append(value: string): void {
    if (this.current()) this.inner.append(value);
  }

  appendLine(value: string): void {
    if (this.current()) this.inner.appendLine(value);
  }

  replace(value: string): void {
    if (this.current()) this.inner.replace(value);
  }

  clear(): void {
    if (this.current()) this.inner.clear();
  }

  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) this.inner.show(columnOrPreserveFocus);
    else this.inner.show(columnOrPreserveFocus, preserveFocus);
  }

  hide(): void {
    this.inner.hide();
  }

  /** The channel belongs to JobChannels, which disposes of it. */
  dispose(): void {
    // Nothing of ours to release.
  }
}
