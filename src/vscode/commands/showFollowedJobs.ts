import * as vscode from 'vscode';
import { Follows } from '../follow/follows';
import { FollowStatusBar } from '../views/statusBar';
import { FollowedJobItem, followedJobItems } from '../views/followedJobItems';
import { plainLabel } from '../../core/untrusted/plainForSurface';
import { BUTTONS, NOTICES, PROMPTS, TITLES } from '../../core/text/uiText';

const STOP_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('debug-stop'), tooltip: BUTTONS.stopFollowing };
const LOG_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-tree'), tooltip: BUTTONS.openJobLog };
const CLOSE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('close'), tooltip: BUTTONS.stopAndClose };
const CANCEL_JOB_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('circle-slash'), tooltip: BUTTONS.cancelJobAsk };
const RESUBMIT_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('debug-restart'), tooltip: BUTTONS.resubmitJob };

/** LAVA: Show Followed Jobs (the status bar's click): pick a job to show its log; its button stops it. */
export async function showFollowedJobsCommand(jobs: Follows, statusBar: FollowStatusBar): Promise<void> {
  if (jobs.size === 0) {
    const recent = statusBar.recentlyEnded;
    if (recent) {
      jobs.showChannel(recent);
      return;
    }
    const choice = await vscode.window.showInformationMessage(NOTICES.noJobFollowed, BUTTONS.findJob);
    if (choice) await vscode.commands.executeCommand('lava.findJob');
    return;
  }
  const pick = vscode.window.createQuickPick<FollowedJobItem & vscode.QuickPickItem>();
  pick.title = TITLES.followedJobs;
  pick.placeholder = PROMPTS.followedJobs;
  const render = () => {
    const items = followedJobItems(jobs, PROMPTS.stopAll);
    pick.items = items.map((item) => followedJobPickItem(item));
    if (!items.length) pick.hide();
  };
  const subscriptions = [
    jobs.onDidChange((e) => {
      if (e.kind !== 'state') render();
    }),
    pick.onDidTriggerItemButton((e) => {
      const job = e.item.jobs[0];
      if (e.button === LOG_BUTTON || e.button === CANCEL_JOB_BUTTON || e.button === RESUBMIT_BUTTON) {
        pick.hide();
        const command =
          e.button === LOG_BUTTON ? 'lava.openJobLog' : e.button === CANCEL_JOB_BUTTON ? 'lava.cancelJob' : 'lava.resubmitJob';
        void vscode.commands.executeCommand(command, job.server.url, job.jobId);
        return;
      }
      jobs.stop(...e.item.jobs);
      if (e.button === CLOSE_BUTTON) for (const stopped of e.item.jobs) jobs.closeChannel(stopped.key);
    }),
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      pick.hide();
      if (!item) return;
      if (item.jobs.length === 1) jobs.showChannel(item.jobs[0]);
      else jobs.stop(...item.jobs);
    }),
    pick.onDidHide(() => {
      for (const s of subscriptions) s.dispose();
      pick.dispose();
    }),
  ];
  render();
  pick.show();
}

/**
 * One item of the list, with its codicon: a job's label and its server's name are escaped (plainLabel), so
 * only our own icons show (a job id comes from a server's list, a server's name from the settings).
 */
function followedJobPickItem(item: FollowedJobItem): FollowedJobItem & vscode.QuickPickItem {
  const description = item.description !== undefined ? plainLabel(item.description) : undefined;
  if (item.jobs.length === 1)
    return {
      ...item,
      label: `$(sync~spin) ${plainLabel(item.label)}`,
      description,
      buttons: [LOG_BUTTON, CANCEL_JOB_BUTTON, RESUBMIT_BUTTON, STOP_BUTTON, CLOSE_BUTTON],
    };
  return { ...item, label: `$(debug-stop) ${plainLabel(item.label)}`, description };
}
