import * as vscode from 'vscode';
import { resubmitJob } from '../../core/submit/jobActions';
import { resolveNewJobs } from '../../core/submit/definitionAndJobIds';
import { isAbort } from '../../core/net/errors';
import { actionFailedText, cancelledSubmitText } from '../../core/text/submitText';
import { LoopDeps, restDeps, showActionError } from '../workflows/restActions';
import { withCancellableProgress } from '../views/cancellableProgress';
import { followNewJobs } from '../workflows/followNewJobs';
import { pickJob } from '../workflows/pickJob';
import { mayResubmit } from '../workflows/askSubmitConsent';
import { ACTIONS, TITLES } from '../../core/text/uiText';

const TITLE = TITLES.resubmitJob;

/**
 * LAVA: Resubmit Job — the job (a MultiNode sub-job: its whole group) submitted again (in Restricted
 * Mode once confirmed), the new job(s) followed at once.
 */
export async function resubmitJobCommand(deps: LoopDeps, serverArg?: unknown, jobIdArg?: unknown): Promise<void> {
  const target = await pickJob(deps.follows, TITLE, serverArg, jobIdArg);
  if (!target) return;
  const { server, jobId } = target;
  if (!(await mayResubmit(jobId, server))) return;
  const sdeps = await restDeps(deps, server, ACTIONS.resubmit(jobId), true);
  if (!sdeps) return;
  try {
    const jobs = await withCancellableProgress(ACTIONS.resubmitting(jobId, server.name), async (signal) => {
      const cancellable = { ...sdeps, signal };
      return resolveNewJobs(server.url, await resubmitJob(server.url, jobId, cancellable), cancellable);
    });
    await followNewJobs(deps, server, jobs, jobId);
  } catch (err) {
    if (isAbort(err)) return void vscode.window.showWarningMessage(cancelledSubmitText(ACTIONS.resubmitCancelled(jobId), server.name));
    showActionError(err, actionFailedText(ACTIONS.resubmitFailed(jobId, server.name), (err as Error).message), server);
  }
}
