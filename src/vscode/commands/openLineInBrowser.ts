import * as vscode from 'vscode';
import { jobPageUrl } from '../../core/config/jobRef';
import { JOB_LOG_SCHEME } from '../../core/document/jobLogUri';
import { JobLogDocuments } from '../views/jobLogDocuments';
import { NOTICES } from '../../core/text/uiText';

/** LAVA: Open Line in Browser — LAVA's job page at the cursor's line (`#L<n>`, or the action's anchor). */
export async function openLineInBrowserCommand(documents: JobLogDocuments): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const uri = editor?.document.uri;
  const address = uri && uri.scheme === JOB_LOG_SCHEME ? JobLogDocuments.address(uri) : undefined;
  if (!editor || !uri || !address) {
    void vscode.window.showInformationMessage(NOTICES.openJobLogFirst);
    return;
  }
  const page = jobPageUrl(address.serverUrl, address.jobId);
  const log = documents.logOf(uri);
  const lines = documents.linesOf(uri);
  let anchor: string | undefined;
  if (log?.kind === 'records' && lines) {
    // Results lines have no anchor of their own on LAVA's page: the nearest line before them.
    for (let index = lines.recordAtOrBefore(editor.selection.active.line); index !== undefined && index >= 0 && !anchor; index--) {
      anchor = log.anchor(index);
    }
  }
  await vscode.env.openExternal(vscode.Uri.parse(anchor ? `${page}#${anchor}` : page));
}
