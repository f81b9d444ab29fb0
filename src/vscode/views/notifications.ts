import * as vscode from 'vscode';
import { FollowEnd } from '../../core/follow/follower';
import { jobPageUrl } from '../../core/config/jobRef';
import { finishMessage, followErrorText } from '../../core/text/messages';
import { plainNotification } from '../../core/untrusted/plainForSurface';
import { EndAction, endActions, splitButtons } from '../../core/follow/endActions';
import { Follows } from '../follow/follows';
import { JobFollow } from '../follow/jobFollow';
import { BUTTONS, PROMPTS } from '../../core/text/uiText';
import { ServerConfig } from '../../core/config/servers';
import { tellsEnd } from '../../core/config/notificationSettings';
import type { JobEvent } from '../../core/events/lavaEvent';
import { quietText, watchedEndMessage, watchedJobLabel } from '../../core/text/eventsText';
import { getNotificationLevel } from '../settings';

const OPEN_IN_BROWSER: string = BUTTONS.openInBrowser;
const SHOW_LOG: string = BUTTONS.showLog;
const SHOW_RESULTS: string = BUTTONS.showResults;
const SET_TOKEN: string = BUTTONS.setToken;
const OPEN_JOB_LOG: string = BUTTONS.openJobLog;
const GO_TO_ERROR: string = BUTTONS.goToError;
const RESUBMIT: string = BUTTONS.resubmit;
const CANCEL_JOB: string = BUTTONS.cancelJobAsk;

const show = {
  information: vscode.window.showInformationMessage,
  warning: vscode.window.showWarningMessage,
  error: vscode.window.showErrorMessage,
};

/**
 * Tells the user how a follow ended: finished by health (with its buttons) or failed (with the way out).
 * Messages quote the server (LAVA's failure reason, an error's words): plainNotification keeps them text.
 */
export async function notifyEnd(
  follows: Follows,
  job: JobFollow,
  end: FollowEnd,
  /** A finished job's line on what changed since its previous run ("Since job 11: 2 new failures."), when known. */
  summary?: () => Promise<string | undefined>,
): Promise<void> {
  if (end.kind === 'stopped') return;
  // lava.notifications: all, failures (Incomplete, a follow that failed), none
  if (
    !tellsEnd(getNotificationLevel(), { health: end.kind === 'finished' ? end.outcome?.health : undefined, failed: end.kind === 'failed' })
  )
    return;
  if (end.kind === 'finished') {
    const message = finishMessage(job.label, end.outcome);
    const since = summary && (await summary().catch(() => undefined));
    if (since) message.text = `${message.text} ${since}`;
    const actions = endActions({ health: end.outcome?.health, results: end.outcome?.results, hasChannel: true });
    const choice = await offer(message.severity, message.text, actions, job.jobId);
    if (choice === 'showLog') follows.showChannel(job);
    else await act(choice, job.server.url, job.jobId);
    return;
  }
  const message = plainNotification(followErrorText(end.error, job.label, job.server.name));
  const needsToken = end.error.kind === 'unauthorized' || end.error.kind === 'not-found';
  const choice = await vscode.window.showErrorMessage(message, ...(needsToken ? [SET_TOKEN] : []), SHOW_LOG);
  if (choice === SET_TOKEN) await vscode.commands.executeCommand('lava.setToken', job.server.url);
  if (choice === SHOW_LOG) follows.showChannel(job);
}

/**
 * Watch My Jobs: one of the user's jobs ended (its `.testjob` Finished event), a job this window
 * did not follow. The buttons of a followed job's end, but Show Log (it has no channel here).
 */
export async function notifyWatchedEnd(server: ServerConfig, event: JobEvent, severalServers: boolean): Promise<void> {
  if (!tellsEnd(getNotificationLevel(), { health: event.health })) return;
  const message = watchedEndMessage(watchedJobLabel(event.job, event.description, severalServers ? server.name : undefined), event.health);
  const health = event.health === 'Complete' || event.health === 'Incomplete' || event.health === 'Canceled' ? event.health : undefined;
  const actions = endActions({ health, hasChannel: false });
  await act(await offer(message.severity, message.text, actions, event.job), server.url, event.job);
}

/** A followed job Running and silent for `lava.quietMinutes`: told once per job. */
export async function notifyQuiet(server: ServerConfig, jobId: string, minutes: number, severalServers: boolean): Promise<void> {
  const label = watchedJobLabel(jobId, '', severalServers ? server.name : undefined);
  const choice = await vscode.window.showWarningMessage(plainNotification(quietText(label, minutes)), OPEN_JOB_LOG, CANCEL_JOB, RESUBMIT);
  if (choice === CANCEL_JOB) await vscode.commands.executeCommand('lava.cancelJob', server.url, jobId);
  else await act(choice === OPEN_JOB_LOG ? 'openJobLog' : choice === RESUBMIT ? 'resubmit' : undefined, server.url, jobId);
}

const LABELS: Record<EndAction, string> = {
  goToError: GO_TO_ERROR,
  openJobLog: OPEN_JOB_LOG,
  showResults: SHOW_RESULTS,
  showLog: SHOW_LOG,
  openInBrowser: OPEN_IN_BROWSER,
  resubmit: RESUBMIT,
};

/**
 * A job's end with at most three buttons (VS Code's guideline): the likeliest actions, and the
 * rest one click away behind More… (a quick pick). `text` quotes the server: made plain here.
 */
async function offer(severity: keyof typeof show, text: string, actions: EndAction[], jobId: string): Promise<EndAction | undefined> {
  const { buttons, more } = splitButtons(actions);
  const titles = buttons.map((a) => LABELS[a]);
  const choice = await show[severity](plainNotification(text), ...titles, ...(more ? [BUTTONS.more] : []));
  if (choice === BUTTONS.more && more) {
    const picked = await vscode.window.showQuickPick(
      more.map((action) => ({ label: LABELS[action], action })),
      { placeHolder: PROMPTS.moreForJob(jobId) },
    );
    return picked?.action;
  }
  return buttons.find((a) => LABELS[a] === choice);
}

async function act(choice: EndAction | undefined, serverUrl: string, jobId: string): Promise<void> {
  if (choice === 'openInBrowser') await vscode.env.openExternal(vscode.Uri.parse(jobPageUrl(serverUrl, jobId)));
  if (choice === 'showResults') await vscode.commands.executeCommand('lava.showResults', serverUrl, jobId);
  if (choice === 'openJobLog' || choice === 'goToError') await vscode.commands.executeCommand('lava.openJobLog', serverUrl, jobId);
  if (choice === 'goToError') await vscode.commands.executeCommand('lava.goToFirstError');
  if (choice === 'resubmit') await vscode.commands.executeCommand('lava.resubmitJob', serverUrl, jobId);
}
