import * as vscode from 'vscode';
import { LogLineTarget, logLineTarget, REVEAL_LOG_LINE } from '../../core/document/logLineLink';
import { JobLogDocuments } from './jobLogDocuments';
import { noSuchLineText } from '../../core/text/uiText';

/** How long to wait for the record to reach the document (a log still being read). */
const WAIT_MS = 30_000;

/** Registers `lava.revealLogLine` (the links of Show Results). */
export function registerJobLogLinks(documents: JobLogDocuments): vscode.Disposable {
  return vscode.commands.registerCommand(REVEAL_LOG_LINE, (serverUrl?: unknown, jobId?: unknown, recordIndex?: unknown) =>
    revealLogLine(documents, serverUrl, jobId, recordIndex),
  );
}

/**
 * Opens the job log document (LAVA: Open Job Log) and puts the cursor on the record's first
 * line; a record the document's level filter hides: the next line shown. The arguments come
 * from a link: they are checked (logLineTarget) before anything is opened.
 */
export async function revealLogLine(
  documents: JobLogDocuments,
  serverUrl: unknown,
  jobId: unknown,
  recordIndex: unknown,
): Promise<boolean> {
  const target = logLineTarget(serverUrl, jobId, recordIndex);
  if (!target) return false;
  const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('lava.openJobLog', target.serverUrl, target.jobId);
  if (!editor) return false;
  const uri = editor.document.uri;
  const line = await lineOf(documents, uri, target);
  if (line === undefined) {
    void vscode.window.showInformationMessage(noSuchLineText(target.jobId, target.recordIndex));
    return false;
  }
  const position = new vscode.Position(Math.min(line, Math.max(0, editor.document.lineCount - 1)), 0);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  documents.setFollowsEnd(uri, false);
  return true;
}

/** The document line of the record, once the document holds it (or the log ended without it). */
async function lineOf(documents: JobLogDocuments, uri: vscode.Uri, target: LogLineTarget): Promise<number | undefined> {
  for (let waited = 0; ; waited += 250) {
    const lines = documents.linesOf(uri);
    const log = documents.logOf(uri);
    if (lines && lines.recordCount > target.recordIndex)
      return lines.firstLine(target.recordIndex) ?? lines.lineAtOrAfter(target.recordIndex) ?? lines.lineAtOrBefore(target.recordIndex);
    if (waited >= WAIT_MS || !log || log.finished) return lines?.lineAtOrAfter(target.recordIndex);
    await new Promise((r) => setTimeout(r, 250));
  }
}
