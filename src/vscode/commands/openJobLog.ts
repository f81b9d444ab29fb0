import * as vscode from 'vscode';
import { JobLogAddress } from '../../core/document/jobLogUri';
import { resolveServer } from '../../core/config/servers';
import { getServers } from '../settings';
import { askJobRef } from '../views/askJobRef';
import { JobLogDocuments } from '../views/jobLogDocuments';
import { serverForJobRef } from '../views/pickServer';
import { ChannelFollow } from '../channelFollow';
import { followJob, FollowDeps } from './followJob';

const TITLE = 'LAVA: Open Job Log';

/**
 * LAVA: Open Job Log — the job's log as a read-only editor document (Outline, folding,
 * Problems). `serverUrl`/`jobId` come from a button (notification, Find Job, Show Followed
 * Jobs); without them the job is asked for, as Follow Job does.
 */
export async function openJobLogCommand(deps: FollowDeps, serverUrl?: unknown, jobId?: unknown): Promise<vscode.TextEditor | undefined> {
  let address: JobLogAddress | undefined;
  if (typeof serverUrl === 'string' && typeof jobId === 'string' && /^\d{1,12}$/.test(jobId)) {
    address = { serverUrl, jobId };
  } else {
    const ref = await askJobRef(TITLE, 'Job id (1234) or job URL (https://lava.example.org/scheduler/job/1234)');
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

/**
 * The follow a document reads from: the job's follow when it is followed, else a new one
 * that shows no channel and tells nothing at its end (the document shows it).
 */
export function documentFollowResolver(deps: FollowDeps): (address: JobLogAddress) => Promise<ChannelFollow | undefined> {
  return async (address) => {
    const { server, configured } = resolveServer(getServers(), address.serverUrl);
    return followJob(deps, server, address.jobId, { anonymous: !configured, show: false, notify: false });
  };
}
