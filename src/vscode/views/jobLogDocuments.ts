import * as vscode from 'vscode';
import { JobLogAddress, jobLogUri, JOB_LOG_SCHEME, parseJobLogUri } from '../../core/document/jobLogUri';
import { defaultRefreshPolicy, refreshDecision, RefreshPolicyOptions } from '../../core/document/refreshPolicy';
import { renderLog } from '../../core/document/renderLog';
import { FormatOptions } from '../../core/log/format';
import { JobLog } from '../../core/log/jobLog';
import { LineMap } from '../../core/log/lineMap';
import { JobFollow } from '../follow/jobFollow';
import { NOTICES, notFollowedDocumentText } from '../../core/text/uiText';
import { Emitter } from '../../core/util/emitter';

/** The follow that feeds a document: the job's follow, started if needed. */
export type FollowResolver = (address: JobLogAddress) => Promise<JobFollow | undefined>;

/** One open job-log document. */
interface LogDocument {
  address: JobLogAddress;
  follow?: JobFollow;
  format: FormatOptions;
  /** Where each record landed in the text last handed to VS Code. */
  lines: LineMap;
  /** Characters of the log when the document was last handed over, and when. */
  handed: number;
  at: number;
  /** How long that render took (ms). */
  costMs?: number;
  timer?: ReturnType<typeof setTimeout>;
  subscription?: { dispose(): void };
  /** The view followed the end of the document before the last refresh. */
  atEnd: boolean;
}

/**
 * The job log as a read-only document (`lava-log:` URIs): its text comes from the job's
 * JobLog, rendered with the document's own levels and time; VS Code is handed it again
 * only while an editor shows it, at a pace that keeps the total work bounded.
 */
export class JobLogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;
  private readonly documents = new Map<string, LogDocument>();
  private readonly renders = new Emitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Record → line maps for documents not open (see linesFor), by log and the levels they show. */
  private readonly expected = new WeakMap<JobLog, { key: string; lines: LineMap }>();

  constructor(
    private readonly resolve: FollowResolver,
    private readonly defaultFormat: () => FormatOptions,
    private readonly policy: RefreshPolicyOptions = defaultRefreshPolicy,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      vscode.window.onDidChangeVisibleTextEditors(() => {
        for (const key of this.documents.keys()) this.schedule(vscode.Uri.parse(key));
      }),
    );
  }

  static uri(address: JobLogAddress): vscode.Uri {
    const parts = jobLogUri(address);
    return vscode.Uri.from({ scheme: parts.scheme, path: parts.path, query: parts.query });
  }

  static address(uri: vscode.Uri): JobLogAddress | undefined {
    return parseJobLogUri({ scheme: uri.scheme, path: uri.path, query: uri.query });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const doc = await this.document(uri);
    if (!doc) return NOTICES.notJobLogAddress;
    const log = doc.follow?.log;
    if (!log) return notFollowedDocumentText(doc.address.jobId, doc.address.serverUrl);
    // A log not read yet (a job that ended is read again from its start): its first text is
    // waited for, briefly, so that the editor opens on it. Opened empty and filled a moment later,
    // the place VS Code was asked to show (a test case's line) would be lost.
    if (log.size === 0 && !log.finished) await firstText(log, FIRST_TEXT_WAIT_MS);
    const started = Date.now();
    const rendered = renderLog(log, doc.format);
    doc.lines = rendered.lines;
    doc.handed = log.size;
    doc.at = Date.now();
    doc.costMs = doc.at - started;
    this.fire(uri);
    if (rendered.text === '' && !log.finished) return '';
    return rendered.text;
  }

  /** The job's log behind a document (undefined until it was opened). */
  logOf(uri: vscode.Uri): JobLog | undefined {
    return this.documents.get(uri.toString())?.follow?.log;
  }

  /** Where records are in the document as VS Code has it. */
  linesOf(uri: vscode.Uri): LineMap | undefined {
    return this.documents.get(uri.toString())?.lines;
  }

  /**
   * Where records are (or will be, once opened) in the document of a job: the open document's
   * map, else one kept beside `log` for the default levels (extended as the log grows), so a
   * location handed out before the document exists (a test case's) is already the right line.
   */
  linesFor(uri: vscode.Uri, log: JobLog | undefined): LineMap | undefined {
    const open = this.documents.get(uri.toString());
    if (open?.follow?.log && open.handed !== 0) return open.lines;
    if (!log || log.kind !== 'records') return undefined;
    const levels = this.defaultFormat().levels;
    const key = levelsKey(levels);
    let expected = this.expected.get(log);
    if (!expected || expected.key !== key) {
      expected = { key, lines: new LineMap(Math.max(16, log.recordCount)) };
      this.expected.set(log, expected);
    }
    log.mapLines({ levels }, expected.lines);
    return expected.lines;
  }

  /** The document as VS Code has it holds the whole log of a job that has ended. */
  isComplete(uri: vscode.Uri): boolean {
    const doc = this.documents.get(uri.toString());
    const log = doc?.follow?.log;
    return log !== undefined && log.finished && doc!.handed === log.size;
  }

  followOf(uri: vscode.Uri): JobFollow | undefined {
    return this.documents.get(uri.toString())?.follow;
  }

  formatOf(uri: vscode.Uri): FormatOptions | undefined {
    return this.documents.get(uri.toString())?.format;
  }

  /** Renders the document again with other levels or time (no request to the server). */
  setFormat(uri: vscode.Uri, format: FormatOptions): void {
    const doc = this.documents.get(uri.toString());
    if (!doc) return;
    doc.format = format;
    doc.handed = -1;
    this.changes.fire(uri);
  }

  /** Fires after a document was handed to VS Code again (its line map is then current). */
  readonly onDidRender = this.renders.event;

  /** Whether the view of a document follows its end (the last line was visible at the last refresh). */
  followsEnd(uri: vscode.Uri): boolean {
    return this.documents.get(uri.toString())?.atEnd ?? true;
  }

  setFollowsEnd(uri: vscode.Uri, atEnd: boolean): void {
    const doc = this.documents.get(uri.toString());
    if (doc) doc.atEnd = atEnd;
  }

  dispose(): void {
    for (const key of [...this.documents.keys()]) this.forget(vscode.Uri.parse(key));
    for (const s of this.subscriptions) s.dispose();
    this.changes.dispose();
  }

  private async document(uri: vscode.Uri): Promise<LogDocument | undefined> {
    const key = uri.toString();
    const known = this.documents.get(key);
    if (known) return known;
    const address = JobLogDocuments.address(uri);
    if (!address) return undefined;
    const doc: LogDocument = { address, format: this.defaultFormat(), lines: new LineMap(), handed: 0, at: 0, atEnd: true };
    this.documents.set(key, doc);
    doc.follow = await this.resolve(address);
    doc.subscription = doc.follow?.log.onDidChange(() => this.schedule(uri));
    return doc;
  }

  private schedule(uri: vscode.Uri): void {
    const doc = this.documents.get(uri.toString());
    const log = doc?.follow?.log;
    if (!doc || !log) return;
    // A refresh already planned waits, except for the end of the log: that is handed over at once.
    if (doc.timer && !log.finished) return;
    clearTimeout(doc.timer);
    doc.timer = undefined;
    const visible = vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri.toString());
    const state = { handed: doc.handed, at: doc.at, costMs: doc.costMs };
    const decision = refreshDecision(state, log.size, Date.now(), visible, log.finished, this.policy);
    if (decision.kind === 'now') this.changes.fire(uri);
    else if (decision.kind === 'later') {
      doc.timer = setTimeout(() => {
        doc.timer = undefined;
        this.schedule(uri);
      }, decision.inMs);
    }
  }

  private fire(uri: vscode.Uri): void {
    this.renders.fire(uri);
  }

  private forget(uri: vscode.Uri): void {
    const doc = this.documents.get(uri.toString());
    if (!doc || uri.scheme !== JOB_LOG_SCHEME) return;
    clearTimeout(doc.timer);
    doc.subscription?.dispose();
    this.documents.delete(uri.toString());
  }
}

function levelsKey(levels: FormatOptions['levels']): string {
  return levels === undefined ? '*' : [...levels].sort().join(',');
}

/** How long an editor waits for a job log's first text before it opens empty. */
export const FIRST_TEXT_WAIT_MS = 3000;

function firstText(log: JobLog, waitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    const subscription = log.onDidChange(() => {
      if (log.size > 0 || log.finished) done();
    });
  });
}
