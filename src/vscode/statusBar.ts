import * as vscode from 'vscode';
import { FollowEnd } from '../core/follower';
import { FollowedJobs } from '../core/followedJobs';
import { EndNote, END_SHOWN_MS, statusBarView } from '../core/statusBarText';
import { FollowedJob } from './followedJob';

export const SHOW_FOLLOWED_COMMAND = 'lava.showFollowedJobs';

/**
 * The status bar item of followed jobs: the job (or how many) with a spinning
 * icon, the health of one that just ended, hidden when nothing is followed.
 */
export class FollowStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: { dispose(): void };
  private readonly watched = new WeakSet<FollowedJob>();
  private ended?: EndNote & { job: FollowedJob };
  private timer?: NodeJS.Timeout;
  private disposed = false;

  constructor(private readonly jobs: FollowedJobs<FollowedJob>) {
    this.item = vscode.window.createStatusBarItem('lava.followedJobs', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'LAVA Follow';
    this.item.command = SHOW_FOLLOWED_COMMAND;
    this.subscription = jobs.onDidChange(() => this.update());
    this.update();
  }

  /** The job that ended last, while it is still shown. */
  get recentlyEnded(): FollowedJob | undefined {
    return this.ended && Date.now() - this.ended.at < END_SHOWN_MS ? this.ended.job : undefined;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.item.dispose();
  }

  private update(): void {
    for (const job of this.jobs.list()) {
      if (this.watched.has(job)) continue;
      this.watched.add(job);
      void job.ended.then((end) => this.onEnded(job, end));
    }
    this.render();
  }

  private onEnded(job: FollowedJob, end: FollowEnd): void {
    if (this.disposed || end.kind === 'stopped') return;
    this.ended = {
      job,
      jobId: job.jobId,
      serverName: job.server.name,
      kind: end.kind,
      health: end.kind === 'finished' ? end.outcome?.health : undefined,
      at: Date.now(),
    };
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.render(), END_SHOWN_MS);
    this.render();
  }

  private render(): void {
    if (this.disposed) return;
    const followed = this.jobs.list().map((j) => ({ jobId: j.jobId, serverName: j.server.name }));
    const view = statusBarView(followed, this.ended, Date.now());
    if (!view) {
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor =
      view.severity === 'normal' ? undefined : new vscode.ThemeColor(view.severity === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
    this.item.show();
  }
}

interface FollowedItem extends vscode.QuickPickItem {
  jobs: FollowedJob[];
}

const STOP_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('debug-stop'), tooltip: 'Stop Following' };

/** LAVA: Show Followed Jobs (the status bar's click): pick a job to show its log; its button stops it. */
export async function showFollowedJobsCommand(jobs: FollowedJobs<FollowedJob>, statusBar: FollowStatusBar): Promise<void> {
  if (jobs.size === 0) {
    const recent = statusBar.recentlyEnded;
    if (recent) {
      recent.channel.show(true);
      return;
    }
    const choice = await vscode.window.showInformationMessage('No LAVA job is being followed.', 'Find Job…');
    if (choice) await vscode.commands.executeCommand('lava.findJob');
    return;
  }
  const pick = vscode.window.createQuickPick<FollowedItem>();
  pick.title = 'LAVA: Followed Jobs';
  pick.placeholder = 'Select a job to show its log; the stop button stops following it';
  const render = () => {
    const followed = jobs.list();
    const items: FollowedItem[] = followed.map((job) => ({
      label: `$(sync~spin) ${job.label}`,
      description: job.server.name,
      buttons: [STOP_BUTTON],
      jobs: [job],
    }));
    if (followed.length > 1) items.push({ label: '$(debug-stop) Stop following all jobs', jobs: followed });
    pick.items = items;
    if (!followed.length) pick.hide();
  };
  const stop = (list: FollowedJob[]) => {
    for (const job of list) jobs.stop(job.key, job);
  };
  const subscriptions = [
    jobs.onDidChange(render),
    pick.onDidTriggerItemButton((e) => stop(e.item.jobs)),
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      pick.hide();
      if (!item) return;
      if (item.jobs.length === 1) item.jobs[0].channel.show(true);
      else stop(item.jobs);
    }),
    pick.onDidHide(() => {
      for (const s of subscriptions) s.dispose();
      pick.dispose();
    }),
  ];
  render();
  pick.show();
}
