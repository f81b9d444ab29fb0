import * as vscode from 'vscode';
import { isAbort } from '../../core/net/errors';
import { FetchFn } from '../../core/net/http';
import { fetchTestCases } from '../../core/protocols/rest/testResults';
import { formatTestResults } from '../../core/text/resultsText';
import { plainNotification } from '../../core/untrusted/plainForSurface';
import { TokenStore } from '../tokenStore';
import { withCancellableProgress } from '../views/cancellableProgress';
import { RESULTS } from '../../core/text/uiText';

/**
 * Show Results: a readable Markdown summary of a job's test results (`tests/`), in an editor.
 * Not the Markdown preview: VS Code's preview never runs `command:` links, the editor runs
 * them on Ctrl+click, and the `line N` of each link can be read in both.
 */
export async function showResultsCommand(deps: { fetch: FetchFn; tokens: TokenStore }, serverUrl: unknown, jobId: unknown): Promise<void> {
  // The arguments may come from anywhere that runs a command: formatTestResults escapes the title too.
  if (typeof serverUrl !== 'string' || typeof jobId !== 'string') return;
  try {
    const credentials = await deps.tokens.credentials(serverUrl);
    const { cases, complete } = await withCancellableProgress(RESULTS.reading(jobId), (signal) =>
      fetchTestCases(serverUrl, jobId, { fetch: deps.fetch, timeoutMs: 30000, credentials, signal }),
    );
    // Links to the log are built from these two arguments (checked again there) and an integer.
    const content = formatTestResults(RESULTS.title(jobId), cases, complete, { serverUrl, jobId });
    const doc = await vscode.workspace.openTextDocument({ content, language: 'markdown' });
    await vscode.window.showTextDocument(doc, { preview: true });
  } catch (err) {
    if (isAbort(err)) return; // cancelled: nothing to say
    // The error's words may quote the server (DRF's `detail`): text, never a link.
    void vscode.window.showErrorMessage(plainNotification(RESULTS.failed(jobId, (err as Error).message)));
  }
}
