import * as vscode from 'vscode';
import { isAbort } from '../../core/net/errors';
import { FetchFn } from '../../core/net/http';
import { jobOfItemId } from '../../core/results/testItems';
import { compareWithRun } from './runComparison';
import { comparisonPlainText } from '../../core/text/resultsText';
import { COMPARE } from '../../core/text/testingText';
import { PROMPTS } from '../../core/text/uiText';
import { plainNotification } from '../../core/untrusted/plainForSurface';
import type { Follows } from '../follow/follows';
import { getFollowSettings } from '../settings';
import type { TokenStore } from '../tokenStore';
import { withCancellableProgress } from '../views/cancellableProgress';
import { pickJob } from '../workflows/pickJob';
import type { ResultsDocuments } from './resultsDocuments';

export interface CompareDeps {
  fetch: FetchFn;
  tokens: TokenStore;
  follows: Follows;
  results: ResultsDocuments;
}

/**
 * LAVA: Compare with Previous Run — a job (a Testing view item, a button's server and id, a followed
 * job or an id typed) against the job the user names, or its previous run (same description and
 * device type, finished): per case what changed, as plain text in a read-only document.
 */
export async function compareWithPreviousRunCommand(deps: CompareDeps, arg?: unknown, jobArg?: unknown): Promise<void> {
  let serverArg = arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string') {
    const job = jobOfItemId((arg as { id: string }).id);
    if (!job) return;
    serverArg = job.serverUrl;
    jobArg = job.jobId;
  }
  const target = await pickJob(deps.follows, COMPARE.title, serverArg, jobArg);
  if (!target) return;
  const { server, jobId } = target;
  if (!/^\d{1,12}$/.test(jobId)) return;
  const other = await vscode.window.showInputBox({
    title: COMPARE.title,
    prompt: COMPARE.otherJob,
    placeHolder: PROMPTS.jobIdPlaceholder,
    validateInput: (value) => (/^\s*(\d{1,12})?\s*$/.test(value) ? undefined : PROMPTS.jobIdPlaceholder),
  });
  if (other === undefined) return;
  const before = other.trim() || undefined;
  try {
    const credentials = await deps.tokens.credentials(server.url);
    const found = await withCancellableProgress(COMPARE.reading(jobId), (signal) =>
      compareWithRun(server.url, jobId, { fetch: deps.fetch, timeoutMs: getFollowSettings().timeoutMs, credentials, signal }, { before }),
    );
    if (!found) {
      void vscode.window.showInformationMessage(COMPARE.noPrevious(jobId));
      return;
    }
    const text = comparisonPlainText(COMPARE.documentTitle(found.before, found.after), found.comparisons);
    await deps.results.show({ serverUrl: server.url, jobId, before: found.before }, text);
  } catch (err) {
    if (isAbort(err)) return;
    void vscode.window.showErrorMessage(plainNotification(COMPARE.failed(jobId, (err as Error).message)));
  }
}
