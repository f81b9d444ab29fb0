import * as vscode from 'vscode';
import { resubmitJob } from '../../core/submit/jobActions';
import { resolveNewJobs } from '../../core/submit/jobLoop';
import { isAbort } from '../../core/net/errors';
import { actionFailedText, cancelledSubmitText } from '../../core/text/submitText';
import { LoopDeps, restDeps, showActionError } from '../jobLoop';
import { withCancellableProgress } from '../views/cancellableProgress';
import { followNewJobs } from '../workflows/followNewJobs';
import { pickJob } from '../workflows/pickJob';
import { mayResubmit } from '../views/submitConsent';

const TITLE = 'LAVA: Resubmit Job';

/**
 * LAVA: Resubmit Job — the job (a MultiNode sub-job: its whole group) submitted again (in Restricted
 * Mode once confirmed), the new job(s) followed at once.
 */
export async function resubmitJobCommand(deps: LoopDeps, serverArg?: unknown, jobIdArg?: unknown): Promise<void> {
  const target = await pickJob(deps.follows, TITLE, serverArg, jobIdArg);
  if (!target) return;
  const { server, jobId } = target;
  if (!(await mayResubmit(jobId, server))) return;
  const sdeps = await restDeps(deps, server, `resubmit job ${jobId}`, true);
  if (!sdeps) return;
  try {
    const jobs = await withCancellableProgress(`Resubmitting LAVA job ${jobId} on ${server.name}…`, async (signal) => {
      const cancellable = { ...sdeps, signal };
      return resolveNewJobs(server.url, await resubmitJob(server.url, jobId, cancellable), cancellable);
    });
    await followNewJobs(deps, server, jobs, jobId);
  } catch (err) {
    if (isAbort(err)) return void vscode.window.showWarningMessage(cancelledSubmitText(`resubmit LAVA job ${jobId}`, server.name));
    showActionError(err, actionFailedText(`resubmit LAVA job ${jobId} on ${server.name}`, (err as Error).message), server);
  }
}
