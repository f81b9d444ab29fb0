import * as vscode from 'vscode';
import { plainLabel } from '../../core/untrusted/plainForSurface';
import { Follows } from '../follow/follows';
import { followedJobItems } from '../views/followedJobItems';
import { NOTICES, PROMPTS, TITLES } from '../../core/text/uiText';

/** LAVA: Stop Following — pick a followed job (or all of them) and stop at once. */
export async function stopFollowingCommand(jobs: Follows): Promise<void> {
  if (jobs.size === 0) {
    void vscode.window.showInformationMessage(NOTICES.noJobFollowed);
    return;
  }
  // a job's label (its id, from a server) and its server's name: plain, never a codicon
  const items = followedJobItems(jobs, PROMPTS.allFollowed).map((item) => ({
    ...item,
    label: plainLabel(item.label),
    description: item.description === undefined ? undefined : plainLabel(item.description),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: TITLES.stopFollowing,
    placeHolder: PROMPTS.stopWhich,
  });
  jobs.stop(...(picked?.jobs ?? []));
}
