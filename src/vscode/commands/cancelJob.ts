import * as vscode from 'vscode';
import { cancelJob } from '../../core/submit/jobActions';
import { plainNotification, plainStatus } from '../../core/untrusted/plainForSurface';
import { actionFailedText, cancelQuestion, cancelSentText } from '../../core/text/submitText';
import { LoopDeps, restDeps, showActionError } from '../workflows/restActions';
import { pickJob } from '../workflows/pickJob';
import { ACTIONS, BUTTONS, TITLES } from '../../core/text/uiText';

const TITLE = TITLES.cancelJob;
const CANCEL_JOB: vscode.MessageItem = { title: BUTTONS.cancelJob };
const KEEP: vscode.MessageItem = { title: BUTTONS.keepRunning, isCloseAffordance: true };
const FOLLOW = BUTTONS.follow;

/**
 * LAVA: Cancel Job — a followed job, or an id/URL (or the job a button names), after a modal
 * confirmation. A followed job stays followed until LAVA has marked it Canceled: its finish
 * notification is the one that tells.
 */
export async function cancelJobCommand(deps: LoopDeps, serverArg?: unknown, jobIdArg?: unknown): Promise<void> {
  const target = await pickJob(deps.follows, TITLE, serverArg, jobIdArg);
  if (!target) return;
  const { server, jobId } = target;
  const question = cancelQuestion(jobId, server.name);
  const answer = await vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, CANCEL_JOB, KEEP);
  if (answer !== CANCEL_JOB) return;
  const sdeps = await restDeps(deps, server, ACTIONS.cancel(jobId), true);
  if (!sdeps) return;
  try {
    const said = await cancelJob(server.url, jobId, sdeps);
    const followed = deps.follows.get(server.url, jobId) !== undefined;
    const text = plainNotification(cancelSentText(jobId, followed, said));
    if (followed) {
      vscode.window.setStatusBarMessage(plainStatus(cancelSentText(jobId, followed, said)), 10_000); // LAVA's words: no $(icon)
      return;
    }
    const choice = await vscode.window.showInformationMessage(text, FOLLOW);
    if (choice === FOLLOW) await vscode.commands.executeCommand('lava.followJob', `${server.url}/scheduler/job/${jobId}`);
  } catch (err) {
    showActionError(err, actionFailedText(ACTIONS.cancelFailed(jobId, server.name), (err as Error).message), server);
  }
}
