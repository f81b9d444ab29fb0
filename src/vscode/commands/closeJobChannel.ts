import * as vscode from 'vscode';
import { plainLabel } from '../../core/untrusted/plainForSurface';
import { Follows } from '../follow/follows';
import { NOTICES, PROMPTS, TITLES } from '../../core/text/uiText';

/**
 * LAVA: Close Job Channel — closes the Output channel of a job (several at once, or all of
 * the ended ones); a job still followed is stopped first.
 */
export async function closeJobChannelCommand(follows: Follows): Promise<void> {
  const list = follows.channelList();
  if (list.length === 0) {
    void vscode.window.showInformationMessage(NOTICES.noChannelOpen);
    return;
  }
  const items = list.map(({ key, name, follow }) => ({
    label: plainLabel(name), // a job id and a server name: never a codicon
    description: follow ? PROMPTS.channelFollowed : PROMPTS.channelEnded,
    picked: !follow,
    key,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: TITLES.closeJobChannel,
    placeHolder: PROMPTS.channelsToClose,
    canPickMany: true,
  });
  for (const item of picked ?? []) follows.closeChannel(item.key);
}
