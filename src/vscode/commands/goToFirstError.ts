import * as vscode from 'vscode';
import { JOB_LOG_SCHEME } from '../../core/document/jobLogUri';
import { JobLogDocuments } from '../views/jobLogDocuments';
import { JobLogProblems } from '../views/jobLogProblems';
import { LOG_LOADING, NOTICES } from '../../core/text/uiText';
import { Clock, systemClock } from '../../core/util/clock';
import { withCancellableProgress } from '../views/cancellableProgress';
import { waitWhileReading } from '../views/logLoading';

/** LAVA: Go to First Error — the cursor on the first error of the active job log (F8 walks the rest). */
export async function goToFirstErrorCommand(
  documents: JobLogDocuments,
  problems: JobLogProblems,
  editor = vscode.window.activeTextEditor,
  clock: Clock = systemClock,
): Promise<boolean> {
  if (!editor || editor.document.uri.scheme !== JOB_LOG_SCHEME) {
    void vscode.window.showInformationMessage(NOTICES.openJobLogFirst);
    return false;
  }
  const uri = editor.document.uri;
  const errorRecord = (d: vscode.Diagnostic) => d.code === 'error' || d.code === 'exception';
  // A job log still being read (a finished job opened just now): wait for its first error, or for all of it
  // on the screen, with a progress notification (Cancel: go nowhere); a running job whose log has not
  // grown for 2 s has no error yet.
  const found = () => documents.isComplete(uri) || problems.diagnostics(uri).some(errorRecord);
  if (!found()) {
    const jobId = JobLogDocuments.address(uri)?.jobId ?? '';
    const end = await withCancellableProgress(LOG_LOADING.findingError(jobId), (signal, progress) =>
      waitWhileReading(documents, uri, found, { clock, signal, progress, maxMs: 60_000 }),
    );
    if (end === 'cancelled') return false;
  }
  const diagnostics = problems.diagnostics(uri);
  // An error or exception record first (what made the job fail), else a failed test, else a timing warning.
  const first = diagnostics.find((d) => d.code === 'error' || d.code === 'exception') ?? diagnostics.find(isError) ?? diagnostics[0];
  if (!first) {
    void vscode.window.showInformationMessage(NOTICES.noErrorInLog);
    return false;
  }
  // The problems are placed when the text is handed to VS Code: let the editor catch up.
  for (let waited = 0; waited < 5_000 && editor.document.lineCount <= first.range.start.line; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const line = Math.min(first.range.start.line, editor.document.lineCount - 1);
  const position = new vscode.Position(line, 0);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  documents.setFollowsEnd(uri, false);
  return true;
}

function isError(d: vscode.Diagnostic): boolean {
  return d.severity === vscode.DiagnosticSeverity.Error;
}
