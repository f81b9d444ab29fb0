import * as vscode from 'vscode';
import { isAbort } from '../../core/net/errors';
import { submitJob } from '../../core/submit/jobActions';
import { checkDefinition, resolveNewJobs } from '../../core/submit/definitionAndJobIds';
import { plainNotification } from '../../core/untrusted/plainForSurface';
import {
  cancelledSubmitText,
  definitionRefusalText,
  submitFailedText,
  submitRefusedText,
  submittingTitle,
} from '../../core/text/submitText';
import { LoopDeps, restDeps, showActionError } from '../workflows/restActions';
import { withCancellableProgress } from '../views/cancellableProgress';
import { definitionDocument } from '../views/definitionDocument';
import { followNewJobs } from '../workflows/followNewJobs';
import { serverToSubmit } from '../workflows/askSubmitConsent';
import { ACTIONS } from '../../core/text/uiText';
import { DEFINITIONS } from '../../core/text/uiText';
import type { ServerConfig } from '../../core/config/servers';
import type { NewJob } from '../../core/model/job';

/**
 * LAVA: Submit Job — the CodeLens's document, the active editor (unsaved changes included) or a
 * picked file, to the server the user chose for it (asked the first time, and in Restricted Mode
 * every time: workflows/askSubmitConsent.ts): `POST /api/v0.2/jobs/`, then the job (each
 * MultiNode sub-job) followed. Whatever goes wrong, the editor's text is not touched.
 */
export async function submitJobCommand(
  deps: LoopDeps,
  arg?: unknown,
  serverArg?: unknown,
): Promise<{ server: ServerConfig; jobs: readonly NewJob[] } | undefined> {
  const doc = await definitionDocument(arg, 'submit');
  if (!doc) return;
  const text = doc.getText();
  const check = checkDefinition(text);
  if (!check.ok) {
    if (check.reason === 'yaml') deps.diagnostics.set(doc.uri, check.problems);
    void vscode.window.showErrorMessage(definitionRefusalText(check.reason, 'submit', check.detail));
    return;
  }
  const server = await serverToSubmit(deps, doc, check.jobName, serverArg);
  if (!server) return;
  const sdeps = await restDeps(deps, server, ACTIONS.submitJobs, true);
  if (!sdeps) return;
  try {
    const jobs = await withCancellableProgress(submittingTitle(check.jobName, server.name), async (signal, progress) => {
      const cancellable = { ...sdeps, signal };
      const outcome = await submitJob(server.url, text, cancellable);
      if (outcome.kind === 'rejected') {
        const placed = outcome.problems.filter((p) => p.located === 'path');
        if (placed.length) deps.diagnostics.set(doc.uri, placed);
        void vscode.window.showErrorMessage(plainNotification(submitRefusedText(server.name, outcome.message, placed.length > 0)));
        return undefined;
      }
      progress.report({ message: DEFINITIONS.submittedProgress(outcome.jobIds) });
      return resolveNewJobs(server.url, outcome.jobIds, cancellable);
    });
    if (!jobs) return;
    deps.diagnostics.clear(doc.uri);
    await followNewJobs(deps, server, jobs);
    return { server, jobs }; // the Testing view's ▶ follows them into its run
  } catch (err) {
    if (isAbort(err)) return void vscode.window.showWarningMessage(cancelledSubmitText(DEFINITIONS.submitWhat, server.name));
    showActionError(err, submitFailedText(server.name, (err as Error).message), server);
    return undefined;
  }
}
