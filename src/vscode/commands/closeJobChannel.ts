import * as vscode from 'vscode';
import { plainLabel } from '../../core/untrusted/plainForSurface';
import { FollowRegistry } from '../../core/follow/followRegistry';
import { ChannelFollow } from '../channelFollow';
import { JobChannels } from '../views/jobChannels';

/**
 * LAVA: Close Job Channel — closes the Output channel of a job (several at once, or all of
 * the ended ones); a job still followed is stopped first.
 */
export async function closeJobChannelCommand(channels: JobChannels, jobs: FollowRegistry<ChannelFollow>): Promise<void> {
  const list = channels.list();
  if (list.length === 0) {
    void vscode.window.showInformationMessage('No LAVA job channel is open.');
    return;
  }
  const items = list.map(({ key, name }) => ({
    label: plainLabel(name), // a job id and a server name: never a codicon
    description: jobs.get(key) ? 'followed: stops following' : 'ended',
    picked: !jobs.get(key),
    key,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'LAVA: Close Job Channel',
    placeHolder: 'Channels to close',
    canPickMany: true,
  });
  for (const item of picked ?? []) {
    const job = jobs.get(item.key);
    if (job) jobs.stop(item.key, job);
    channels.close(item.key);
  }
}
