import * as vscode from 'vscode';
import { FollowEnd } from '../../core/follow/follower';
import { EndNote, END_SHOWN_MS, statusBarView } from '../../core/text/statusBarText';
import { Follows } from '../follow/follows';
import { JobFollow } from '../follow/jobFollow';
import { STATUS_BAR_NAME } from '../../core/text/uiText';

/**
 * The status bar item of followed jobs: the job (or how many) with a spinning
 * icon, the health of one that just ended, hidden when nothing is followed.
 */
export class FollowStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: { dispose(): void };
  private ended?: EndNote & { job: JobFollow };
  private timer?: NodeJS.Timeout;
  private disposed = false;

  constructor(private readonly jobs: Follows) {
    this.item = vscode.window.createStatusBarItem('lava.followedJobs', vscode.StatusBarAlignment.Left, 10);
    this.item.name = STATUS_BAR_NAME;
    this.item.command = 'lava.showFollowedJobs';
    this.subscription = jobs.onDidChange((e) => {
      if (e.kind === 'ended') this.onEnded(e.follow, e.end);
      this.render();
    });
    this.render();
  }

  /** The job that ended last, while it is still shown. */
  get recentlyEnded(): JobFollow | undefined {
    return this.ended && Date.now() - this.ended.at < END_SHOWN_MS ? this.ended.job : undefined;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }

  private onEnded(job: JobFollow, end: FollowEnd): void {
    // A follow that only fed a job-log document (Go to Error on a job that had ended) tells no end:
    // its document shows it, and the status bar keeps telling the jobs the user follows.
    if (this.disposed || end.kind === 'stopped' || !job.remember) return;
    this.ended = {
      job,
      jobId: job.jobId,
      serverName: job.server.name,
      kind: end.kind,
      health: end.kind === 'finished' ? end.outcome?.health : undefined,
      at: Date.now(),
    };
    this.render();
  }

  private render(): void {
    if (this.disposed) return;
    const followed = this.jobs.list().map((j) => ({
      jobId: j.jobId,
      serverName: j.server.name,
      reconnecting: j.reconnecting && { reason: j.reconnecting.message, transient: j.reconnecting.transient },
    }));
    const now = Date.now();
    const view = statusBarView(followed, this.ended, now);
    // Redrawn when the view goes out of date by itself; a timer that fires early (Node's may, by 1 ms
    // against Date.now()) finds the same view and sets itself again, so the end is never stuck.
    clearTimeout(this.timer);
    if (view?.redrawAt !== undefined) this.timer = setTimeout(() => this.render(), Math.max(1, view.redrawAt - now));
    if (!view) {
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor =
      view.severity === 'normal'
        ? undefined
        : new vscode.ThemeColor(view.severity === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
    this.item.show();
  }
}
