import * as vscode from 'vscode';
import { FollowEnd } from '../core/follower';
import { jobPageUrl } from '../core/jobRef';
import { followErrorText } from '../core/messages';
import { FollowedJob } from './followedJob';

const OPEN_IN_BROWSER = 'Open in Browser';
const SHOW_LOG = 'Show Log';
const SET_TOKEN = 'Set Token…';

/** Tells the user how a follow ended: finished (with its buttons) or failed (with the way out). */
export async function notifyEnd(job: FollowedJob, end: FollowEnd): Promise<void> {
  if (end.kind === 'stopped') return;
  if (end.kind === 'finished') {
    const choice = await vscode.window.showInformationMessage(`${job.label} finished`, OPEN_IN_BROWSER, SHOW_LOG);
    if (choice === OPEN_IN_BROWSER) await vscode.env.openExternal(vscode.Uri.parse(jobPageUrl(job.server.url, job.jobId)));
    if (choice === SHOW_LOG) job.channel.show(true);
    return;
  }
  const message = followErrorText(end.error, job.label, job.server.name);
  const needsToken = end.error.kind === 'unauthorized' || end.error.kind === 'not-found';
  const choice = await vscode.window.showErrorMessage(message, ...(needsToken ? [SET_TOKEN] : []), SHOW_LOG);
  if (choice === SET_TOKEN) await vscode.commands.executeCommand('lava.setToken', job.server.url);
  if (choice === SHOW_LOG) job.channel.show(true);
}
