import * as vscode from 'vscode';
import { resolveServer } from '../../core/config/servers';
import { getServers } from '../settings';
import { JOB_LOG_SCHEME } from '../../core/document/jobLogUri';
import { Follows } from './follows';

import { FOLLOWED_JOBS_KEY as KEY, OPEN_JOB_LOGS_KEY as DOCUMENTS_KEY } from '../followMemoryKeys';
import { NOTICES } from '../../core/text/uiText';

/** The channel's first line when a follow is resumed after a window reload. */
export const RESUMED_NOTICE = NOTICES.resumed;

interface Remembered {
  serverUrl: string;
  jobId: string;
}

/**
 * The jobs this window follows, kept in its workspace state so that a window reload follows
 * them again (their channels are refilled from the server once, with a line saying so).
 * Open job-log documents are remembered too (by their tabs) and opened again: their provider
 * then follows their jobs again.
 */
export class FollowMemory implements vscode.Disposable {
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly state: vscode.Memento,
    private readonly follows: Follows,
  ) {
    this.subscriptions = [
      follows.onDidChange((e) => {
        if (e.kind !== 'state') void this.save();
      }),
      vscode.window.tabGroups.onDidChangeTabs(() => void this.saveDocuments()),
    ];
  }

  /** Follows again what was followed before the reload (once, at activation). */
  async resume(): Promise<void> {
    const remembered = this.state.get<unknown>(KEY);
    if (!Array.isArray(remembered)) return;
    for (const entry of remembered.filter(isRemembered)) {
      const { server, configured } = resolveServer(getServers(), entry.serverUrl);
      await this.follows.follow(server, entry.jobId, { anonymous: !configured, show: false, notice: RESUMED_NOTICE, remember: true });
    }
    const documents = this.state.get<unknown>(DOCUMENTS_KEY);
    if (!Array.isArray(documents)) return;
    const open = new Set(openJobLogTabs());
    for (const uri of documents.filter((d): d is string => typeof d === 'string' && d.startsWith(`${JOB_LOG_SCHEME}:`))) {
      if (open.has(uri)) continue;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
      await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true });
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private saveDocuments(): Thenable<void> {
    return this.state.update(DOCUMENTS_KEY, openJobLogTabs());
  }

  private save(): Thenable<void> {
    const followed: Remembered[] = this.follows
      .list()
      .filter((job) => job.remember)
      .map((job) => ({ serverUrl: job.server.url, jobId: job.jobId }));
    return this.state.update(KEY, followed);
  }
}

function isRemembered(value: unknown): value is Remembered {
  const v = value as Remembered | null;
  return (
    typeof v === 'object' && v !== null && typeof v.serverUrl === 'string' && typeof v.jobId === 'string' && /^\d{1,12}$/.test(v.jobId)
  );
}

/** The job-log documents open in tabs (their URIs). */
function openJobLogTabs(): string[] {
  const uris: string[] = [];
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === JOB_LOG_SCHEME) uris.push(tab.input.uri.toString());
    }
  }
  return uris;
}
