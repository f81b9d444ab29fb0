import * as vscode from 'vscode';
import { plainLabel } from '../../core/text/plain';
import { Follows } from '../follow/follows';
import { followedJobItems } from '../views/followedJobItems';

/** LAVA: Stop Following — pick a followed job (or all of them) and stop at once. */
export async function stopFollowingCommand(jobs: Follows): Promise<void> {
  if (jobs.size === 0) {
    void vscode.window.showInformationMessage('No LAVA job is being followed.');
    return;
  }
  // a job's label (its id, from a server) and its server's name: plain, never a codicon
  const items = followedJobItems(jobs, 'All followed jobs').map((item) => ({
    ...item,
    label: plainLabel(item.label),
    description: item.description === undefined ? undefined : plainLabel(item.description),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'LAVA: Stop Following',
    placeHolder: 'Stop following which job?',
  });
  jobs.stop(...(picked?.jobs ?? []));
}
