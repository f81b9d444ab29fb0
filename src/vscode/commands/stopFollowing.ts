import * as vscode from 'vscode';
import { FollowRegistry } from '../../core/follow/followRegistry';
import { ChannelFollow } from '../channelFollow';
import { followedJobItems, stopJobs } from '../views/followedJobItems';

/** LAVA: Stop Following — pick a followed job (or all of them) and stop at once. */
export async function stopFollowingCommand(jobs: FollowRegistry<ChannelFollow>): Promise<void> {
  if (jobs.size === 0) {
    void vscode.window.showInformationMessage('No LAVA job is being followed.');
    return;
  }
  const picked = await vscode.window.showQuickPick(followedJobItems(jobs, 'All followed jobs'), {
    title: 'LAVA: Stop Following',
    placeHolder: 'Stop following which job?',
  });
  stopJobs(jobs, picked?.jobs ?? []);
}
