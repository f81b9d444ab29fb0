import * as vscode from 'vscode';
import { resolveServer } from '../core/config/servers';
import { FollowRegistry } from '../core/follow/followRegistry';
import { ChannelFollow } from './channelFollow';
import { followJob, FollowDeps } from './commands/followJob';
import { getServers } from './settings';

const KEY = 'lava.followedJobs';
/** The channel's first line when a follow is resumed after a window reload. */
export const RESUMED_NOTICE = 'Following again after a window reload: the log from its start.';

interface Remembered {
  serverUrl: string;
  jobId: string;
}

/**
 * The jobs this window follows, kept in its workspace state so that a window reload follows
 * them again (their channels are refilled from the server once, with a line saying so).
 * Job-log documents need nothing here: VS Code reopens them and their provider follows again.
 */
export class FollowMemory implements vscode.Disposable {
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly state: vscode.Memento,
    private readonly jobs: FollowRegistry<ChannelFollow>,
  ) {
    this.subscription = jobs.onDidChange(() => void this.save());
  }

  /** Follows again what was followed before the reload (once, at activation). */
  async resume(deps: FollowDeps): Promise<void> {
    const remembered = this.state.get<unknown>(KEY);
    if (!Array.isArray(remembered)) return;
    for (const entry of remembered.filter(isRemembered)) {
      const { server, configured } = resolveServer(getServers(), entry.serverUrl);
      await followJob(deps, server, entry.jobId, { anonymous: !configured, show: false, notice: RESUMED_NOTICE, remember: true });
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private save(): Thenable<void> {
    const followed: Remembered[] = this.jobs
      .list()
      .filter((job) => job.remember)
      .map((job) => ({ serverUrl: job.server.url, jobId: job.jobId }));
    return this.state.update(KEY, followed);
  }
}

function isRemembered(value: unknown): value is Remembered {
  const v = value as Remembered | null;
  return (
    typeof v === 'object' && v !== null && typeof v.serverUrl === 'string' && typeof v.jobId === 'string' && /^\d{1,12}$/.test(v.jobId)
  );
}
