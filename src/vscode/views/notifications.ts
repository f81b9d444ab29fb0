import * as vscode from 'vscode';
import { FollowEnd } from '../../core/follow/follower';
import { jobPageUrl } from '../../core/config/jobRef';
import { finishMessage, followErrorText } from '../../core/text/messages';
import { plainNotification } from '../../core/untrusted/plainForSurface';
import { offersResubmit } from '../../core/text/submitText';
import { Follows } from '../follow/follows';
import { JobFollow } from '../follow/jobFollow';
import { BUTTONS } from '../../core/text/uiText';

const OPEN_IN_BROWSER: string = BUTTONS.openInBrowser;
const SHOW_LOG: string = BUTTONS.showLog;
const SHOW_RESULTS: string = BUTTONS.showResults;
const SET_TOKEN: string = BUTTONS.setToken;
const OPEN_JOB_LOG: string = BUTTONS.openJobLog;
const GO_TO_ERROR: string = BUTTONS.goToError;
const RESUBMIT: string = BUTTONS.resubmit;

const show = {
  information: vscode.window.showInformationMessage,
  warning: vscode.window.showWarningMessage,
  error: vscode.window.showErrorMessage,
};

/**
 * Tells the user how a follow ended: finished by health (with its buttons) or failed (with the way out).
 * Messages quote the server (LAVA's failure reason, an error's words): plainNotification keeps them text.
 */
export async function notifyEnd(follows: Follows, job: JobFollow, end: FollowEnd): Promise<void> {
  if (end.kind === 'stopped') return;
  if (end.kind === 'finished') {
    const message = finishMessage(job.label, end.outcome);
    // Results exist only where the REST API told the health.
    const failed = end.outcome?.health === 'Incomplete';
    const buttons = [failed ? GO_TO_ERROR : OPEN_JOB_LOG, ...(end.outcome ? [SHOW_RESULTS] : []), SHOW_LOG, OPEN_IN_BROWSER];
    // A job that did not complete can be run again (LAVA: Resubmit Job), its new job followed.
    if (offersResubmit(end)) buttons.push(RESUBMIT);
    const choice = await show[message.severity](plainNotification(message.text), ...buttons);
    if (choice === OPEN_IN_BROWSER) await vscode.env.openExternal(vscode.Uri.parse(jobPageUrl(job.server.url, job.jobId)));
    if (choice === SHOW_LOG) follows.showChannel(job);
    if (choice === SHOW_RESULTS) await vscode.commands.executeCommand('lava.showResults', job.server.url, job.jobId);
    if (choice === OPEN_JOB_LOG || choice === GO_TO_ERROR)
      await vscode.commands.executeCommand('lava.openJobLog', job.server.url, job.jobId);
    if (choice === GO_TO_ERROR) await vscode.commands.executeCommand('lava.goToFirstError');
    if (choice === RESUBMIT) await vscode.commands.executeCommand('lava.resubmitJob', job.server.url, job.jobId);
    return;
  }
  const message = plainNotification(followErrorText(end.error, job.label, job.server.name));
  const needsToken = end.error.kind === 'unauthorized' || end.error.kind === 'not-found';
  const choice = await vscode.window.showErrorMessage(message, ...(needsToken ? [SET_TOKEN] : []), SHOW_LOG);
  if (choice === SET_TOKEN) await vscode.commands.executeCommand('lava.setToken', job.server.url);
  if (choice === SHOW_LOG) follows.showChannel(job);
}
