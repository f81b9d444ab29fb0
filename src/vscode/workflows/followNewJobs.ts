import * as vscode from 'vscode';
import { jobPageUrl, serverJobId } from '../../core/config/jobRef';
import { ServerConfig } from '../../core/config/servers';
import { plainLabel, plainNotification } from '../../core/untrusted/plainForSurface';
import { groupEndMessage, offersResubmit, submittedText } from '../../core/text/submitText';
import { NewJob } from '../../core/model/job';
import { FollowContext } from '../follow/follows';
import { BUTTONS, copiedText } from '../../core/text/uiText';

const COPY_URL = BUTTONS.copyJobUrl;
const OPEN_IN_BROWSER = BUTTONS.openInBrowser;
const RESUBMIT = BUTTONS.resubmit;

/**
 * Follows the jobs a submit or resubmit created (each sub-job of a MultiNode job in its own
 * channel, with ONE notification when all have ended), then says so with Copy Job URL.
 * `from`: the resubmitted job.
 */
export async function followNewJobs(deps: FollowContext, server: ServerConfig, jobs: readonly NewJob[], from?: string): Promise<void> {
  // Ids come from the server: only a LAVA job id is followed (core/config/jobRef.ts serverJobId).
  const followable = jobs.filter((j) => !j.unresolved && serverJobId(j.id) !== undefined);
  if (jobs.length === 1 && !jobs[0].subId && followable.length) await deps.follows.follow(server, jobs[0].id);
  else if (followable.length) await followGroup(deps, server, jobs[0].subId?.split('.')[0] ?? followable[0].id, followable);
  const url = jobPageUrl(server.url, followable[0]?.id ?? jobs[0].id);
  const show = followable.length === jobs.length ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(plainNotification(submittedText(jobs, server.name, from)), COPY_URL, OPEN_IN_BROWSER).then(async (choice) => {
    if (choice === COPY_URL) {
      await vscode.env.clipboard.writeText(url);
      vscode.window.setStatusBarMessage(copiedText(plainLabel(url)), 3000);
    }
    if (choice === OPEN_IN_BROWSER) await vscode.env.openExternal(vscode.Uri.parse(url));
  });
}

/**
 * Follows each sub-job of a MultiNode job in its own channel, without their own finish
 * notifications: one notification tells every role's health once all have ended.
 */
export async function followGroup(
  deps: FollowContext,
  server: ServerConfig,
  parentId: string,
  subJobs: readonly { id: string; role?: string }[],
): Promise<void> {
  const follows = [];
  for (const s of subJobs) follows.push({ ...s, job: await deps.follows.follow(server, s.id, { notify: false }) });
  void Promise.all(follows.map(async (f) => ({ id: f.id, role: f.role, end: await f.job.ended }))).then(async (ends) => {
    const message = groupEndMessage(parentId, ends);
    if (!message) return;
    const show = {
      information: vscode.window.showInformationMessage,
      warning: vscode.window.showWarningMessage,
      error: vscode.window.showErrorMessage,
    }[message.severity];
    const buttons = ends.some((e) => offersResubmit(e.end)) ? [OPEN_IN_BROWSER, RESUBMIT] : [OPEN_IN_BROWSER];
    const choice = await show(plainNotification(message.text), ...buttons);
    if (choice === OPEN_IN_BROWSER) await vscode.env.openExternal(vscode.Uri.parse(jobPageUrl(server.url, subJobs[0].id)));
    if (choice === RESUBMIT) await vscode.commands.executeCommand('lava.resubmitJob', server.url, subJobs[0].id);
  });
}
