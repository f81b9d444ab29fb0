import * as vscode from 'vscode';
import { isAbort } from '../../core/net/errors';
import { FetchFn } from '../../core/net/http';
import { fetchTestCases } from '../../core/protocols/rest/testResults';
import { CaseResults } from '../../core/results/caseResults';
import { resultsPlainText } from '../../core/text/resultsText';
import { plainNotification } from '../../core/untrusted/plainForSurface';
import { Clock } from '../../core/util/clock';
import { getFollowSettings } from '../settings';
import { TokenStore } from '../tokenStore';
import { withCancellableProgress } from '../views/cancellableProgress';
import { RESULTS } from '../../core/text/uiText';
import type { LavaTests } from '../testing/lavaTests';
import type { ResultsDocuments } from '../testing/resultsDocuments';

/**
 * Show Results: a job's test results (`tests/`, paged) in the Testing view (job → suites → cases)
 * and as plain text in a read-only document (`lava-results:`, no "Save changes?").
 */
export async function showResultsCommand(
  deps: { fetch: FetchFn; tokens: TokenStore; tests?: LavaTests; results: ResultsDocuments; clock?: Clock },
  serverUrl: unknown,
  jobId: unknown,
): Promise<void> {
  if (typeof serverUrl !== 'string' || typeof jobId !== 'string' || !/^\d{1,12}$/.test(jobId)) return;
  try {
    const credentials = await deps.tokens.credentials(serverUrl);
    const read = await withCancellableProgress(RESULTS.reading(jobId), (signal) =>
      // `lava.requestTimeoutSeconds`, as every other request.
      fetchTestCases(serverUrl, jobId, {
        fetch: deps.fetch,
        timeoutMs: getFollowSettings().timeoutMs,
        credentials,
        signal,
        clock: deps.clock,
      }),
    );
    void deps.tests?.show(serverUrl, jobId, read);
    const results = new CaseResults();
    results.reconcile(read.cases, read.complete);
    await deps.results.show({ serverUrl, jobId }, resultsPlainText(RESULTS.title(jobId), results.cases, read.complete));
  } catch (err) {
    if (isAbort(err)) return; // cancelled: nothing to say
    // The error's words may quote the server (DRF's `detail`): text, never a link.
    void vscode.window.showErrorMessage(plainNotification(RESULTS.failed(jobId, (err as Error).message)));
  }
}
