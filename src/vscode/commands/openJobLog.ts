import * as vscode from 'vscode';
import { JobLogAddress } from '../../core/document/jobLogUri';
import { askJobRef } from '../workflows/askJobRef';
import { JobLogDocuments } from '../views/jobLogDocuments';
import { serverForJobRef } from '../workflows/pickServer';
import { PROMPTS, TITLES } from '../../core/text/uiText';

const TITLE = TITLES.openJobLog;

/**
 * LAVA: Open Job Log — the job's log as a read-only editor document (Outline, folding,
 * Problems). `serverUrl`/`jobId` come from a button (notification, Find Job, Show Followed
 * Jobs); without them the job is asked for, as Follow Job does.
 */
export async function openJobLogCommand(serverUrl?: unknown, jobId?: unknown): Promise<vscode.TextEditor | undefined> {
  let address: JobLogAddress | undefined;
  if (typeof serverUrl === 'string' && typeof jobId === 'string' && /^\d{1,12}$/.test(jobId)) {
    address = { serverUrl, jobId };
  } else {
    const ref = await askJobRef(TITLE, PROMPTS.jobRef);
    if (!ref) return undefined;
    const target = await serverForJobRef(ref, TITLE);
    if (!target) return undefined;
    address = { serverUrl: target.server.url, jobId: ref.jobId };
  }
  return openJobLog(address);
}

export async function openJobLog(address: JobLogAddress, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(JobLogDocuments.uri(address));
  if (document.languageId !== 'lava-log') await vscode.languages.setTextDocumentLanguage(document, 'lava-log');
  return vscode.window.showTextDocument(document, { preview: false, ...options });
}
