import * as vscode from 'vscode';
import { jobPageUrl } from '../../core/config/jobRef';
import { ServerConfig } from '../../core/config/servers';
import { DeviceNode } from '../../core/lavaView/devicesModel';
import { describeFilter, isEmptyFilter, JobFilter } from '../../core/lavaView/jobFilter';
import { JobNode } from '../../core/lavaView/jobsModel';
import { presentJobNode } from '../../core/lavaView/presentation';
import { LavaViewController } from '../../core/lavaView/viewController';
import { badgeTooltip, LAVA_VIEW, pollingDescription } from '../../core/text/lavaViewText';
import { Follows } from '../follow/follows';
import { askJobFilter } from './jobFilterPick';
import { LavaTreeViews } from './lazyViews';
import { toTreeItem } from './treeItem';

/** A job the view's actions act on: a job item, or a device item's current job. */
export interface ViewJob {
  serverUrl: string;
  jobId: string;
}

/** Which jobs are Running and silent for `lava.quietMinutes` (vscode/events JobWatch's `quiet`). */
export interface QuietMarks {
  isQuiet(serverUrl: string, jobId: string): boolean;
  onDidChange(listener: () => void): { dispose(): void };
}

class JobsTree implements vscode.TreeDataProvider<JobNode> {
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changes.event;
  constructor(
    private readonly controller: LavaViewController,
    private readonly quiet?: QuietMarks,
  ) {}
  fire(): void {
    this.changes.fire();
  }
  getTreeItem(node: JobNode): vscode.TreeItem {
    const quiet = node.kind === 'job' && this.quiet?.isQuiet(node.serverUrl, node.jobId) === true;
    const p = presentJobNode(this.controller.jobs, node, Date.now(), quiet);
    if (node.kind === 'job') return toTreeItem(p, { command: 'lava.view.followJob', title: LAVA_VIEW.followHint, arguments: [node] });
    if (node.kind === 'more') return toTreeItem(p, { command: 'lava.view.loadMore', title: LAVA_VIEW.loadMore, arguments: [node] });
    return toTreeItem(p);
  }
  getChildren(node?: JobNode): JobNode[] {
    return node ? this.controller.jobs.children(node) : this.controller.jobs.roots();
  }
  dispose(): void {
    this.changes.dispose();
  }
}

class DevicesTree implements vscode.TreeDataProvider<DeviceNode> {
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changes.event;
  constructor(private readonly controller: LavaViewController) {}
  fire(): void {
    this.changes.fire();
  }
  getTreeItem(node: DeviceNode): vscode.TreeItem {
    const p = this.controller.devices.present(node);
    const job = this.controller.devices.currentJob(node);
    return toTreeItem(p, job ? { command: 'lava.view.followJob', title: LAVA_VIEW.followHint, arguments: [node] } : undefined);
  }
  getChildren(node?: DeviceNode): DeviceNode[] {
    return node ? this.controller.devices.children(node) : this.controller.devices.roots();
  }
  dispose(): void {
    this.changes.dispose();
  }
}

/**
 * The LAVA container's views: Jobs and Devices fed by the controller, the badge (running and queued
 * jobs), the description (the active filter, "polling every N s (events down)"), and the commands
 * of their title bar and items (thin adapters onto the existing job commands).
 */
export class LavaViews implements vscode.Disposable {
  private readonly jobsTree: JobsTree;
  private readonly devicesTree: DevicesTree;
  private readonly disposables: vscode.Disposable[] = [];
  private filter: JobFilter = {};

  constructor(
    private readonly views: LavaTreeViews,
    readonly controller: LavaViewController,
    follows: Pick<Follows, 'list' | 'onDidChange'>,
    servers: () => readonly ServerConfig[],
    onServersChanged: (listener: () => void) => vscode.Disposable,
    quiet?: QuietMarks,
  ) {
    this.jobsTree = new JobsTree(controller, quiet);
    this.devicesTree = new DevicesTree(controller);
    views.jobs.provider.attach(this.jobsTree as vscode.TreeDataProvider<unknown>);
    views.devices.provider.attach(this.devicesTree as vscode.TreeDataProvider<unknown>);
    const setServers = () => {
      const list = servers();
      controller.setServers(list);
      void vscode.commands.executeCommand('setContext', 'lava.hasServers', list.length > 0);
    };
    const setFollowing = () => controller.setFollowing(follows.list().map((f) => ({ serverUrl: f.server.url, jobId: f.jobId })));
    setServers();
    setFollowing();
    controller.setVisible('jobs', views.jobs.view.visible);
    controller.setVisible('devices', views.devices.view.visible);
    this.disposables.push(
      this.jobsTree,
      this.devicesTree,
      controller,
      { dispose: controller.onDidChange(() => this.update()).dispose },
      onServersChanged(setServers),
      follows.onDidChange(setFollowing),
      quiet?.onDidChange(() => this.jobsTree.fire()) ?? { dispose: () => undefined },
      views.jobs.view.onDidChangeVisibility((e) => {
        controller.setVisible('jobs', e.visible);
        this.describe();
      }),
      views.devices.view.onDidChangeVisibility((e) => {
        controller.setVisible('devices', e.visible);
        this.describe();
      }),
      vscode.commands.registerCommand('lava.view.refresh', () => controller.refresh()),
      vscode.commands.registerCommand('lava.view.filterJobs', () => this.askFilter()),
      vscode.commands.registerCommand('lava.view.clearFilter', () => this.setFilter({})),
      vscode.commands.registerCommand('lava.view.loadMore', (node?: JobNode) => {
        return node?.kind === 'more' ? controller.loadMore(node.serverUrl, node.section) : undefined;
      }),
      this.jobCommand('lava.view.followJob', (job) =>
        vscode.commands.executeCommand('lava.followJob', jobPageUrl(job.serverUrl, job.jobId)),
      ),
      this.jobCommand('lava.view.openJobLog', (job) => vscode.commands.executeCommand('lava.openJobLog', job.serverUrl, job.jobId)),
      this.jobCommand('lava.view.openInBrowser', (job) => vscode.env.openExternal(vscode.Uri.parse(jobPageUrl(job.serverUrl, job.jobId)))),
      this.jobCommand('lava.view.cancelJob', async (job) => {
        await vscode.commands.executeCommand('lava.cancelJob', job.serverUrl, job.jobId);
        this.refreshUnlessLive(job.serverUrl);
      }),
      this.jobCommand('lava.view.resubmitJob', async (job) => {
        await vscode.commands.executeCommand('lava.resubmitJob', job.serverUrl, job.jobId);
        this.refreshUnlessLive(job.serverUrl);
      }),
      this.jobCommand('lava.view.openJobDefinition', (job) =>
        vscode.commands.executeCommand('lava.openJobDefinition', job.serverUrl, job.jobId),
      ),
      this.jobCommand('lava.view.showResults', (job) => vscode.commands.executeCommand('lava.showResults', job.serverUrl, job.jobId)),
      this.jobCommand('lava.view.copyJobUrl', async (job) => {
        await vscode.env.clipboard.writeText(jobPageUrl(job.serverUrl, job.jobId));
        vscode.window.setStatusBarMessage(LAVA_VIEW.copied, 3000);
      }),
    );
    this.describe();
  }

  /** The job a tree node stands for: a job item's, or a device's current job. */
  jobOf(node: unknown): ViewJob | undefined {
    const n = node as JobNode | DeviceNode | undefined;
    if (n?.kind === 'job') return { serverUrl: n.serverUrl, jobId: n.jobId };
    if (n?.kind === 'device') {
      const jobId = this.controller.devices.currentJob(n);
      return jobId ? { serverUrl: n.serverUrl, jobId } : undefined;
    }
    return undefined;
  }

  private jobCommand(id: string, run: (job: ViewJob) => unknown): vscode.Disposable {
    return vscode.commands.registerCommand(id, (node?: unknown) => {
      const job = this.jobOf(node);
      return job ? run(job) : undefined;
    });
  }

  /** After an action, a server without live events is read again (with events, its own event tells). */
  private refreshUnlessLive(serverUrl: string): void {
    if (this.controller.eventState(serverUrl)?.kind !== 'up') void this.controller.refresh(serverUrl, ['jobs']);
  }

  private async askFilter(): Promise<void> {
    const filter = await askJobFilter(this.filter, this.controller.devices);
    if (filter) this.setFilter(filter);
  }

  setFilter(filter: JobFilter): void {
    this.filter = filter;
    this.controller.setFilter(filter);
    void vscode.commands.executeCommand('setContext', 'lava.jobsFiltered', !isEmptyFilter(filter));
    this.describe();
  }

  private update(): void {
    this.jobsTree.fire();
    this.devicesTree.fire();
    const { running, queued } = this.controller.jobs.counts();
    this.views.jobs.view.badge = running + queued > 0 ? { value: running + queued, tooltip: badgeTooltip(running, queued) } : undefined;
    this.describe();
  }

  private describe(): void {
    const polling = this.controller.pollingSeconds();
    const poll = polling !== undefined ? pollingDescription(polling) : undefined;
    const filter = describeFilter(this.filter);
    this.views.jobs.view.description = [filter, poll].filter((s) => s !== undefined).join(' · ') || undefined;
    this.views.devices.view.description = poll;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
