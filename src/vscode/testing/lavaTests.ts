import * as vscode from 'vscode';
import type { CaseResult } from '../../core/model/results';
import type { TestCases } from '../../core/protocols/rest/testResults';
import {
  caseDescription,
  caseItemId,
  caseLabel,
  jobItemId,
  Occurrences,
  outputLine,
  suiteItemId,
  suiteLabel,
  suiteSortText,
} from '../../core/results/testItems';
import { TESTING } from '../../core/text/testingText';
import { caseMessageText } from '../../core/text/resultsText';
import { CaseResults } from '../../core/results/caseResults';
import { plainTreeText } from '../../core/untrusted/plainForSurface';
import type { FollowEvent } from '../follow/follows';
import type { JobFollow } from '../follow/jobFollow';
import { JobLogDocuments } from '../views/jobLogDocuments';
import type { JobLog } from '../../core/log/jobLog';
import type { LineMap } from '../../core/log/lineMap';

/** A job's results as they grow: the JobLog's (from its `results` records, then REST) or a list read once. */
export interface ResultsFeed {
  readonly cases: readonly CaseResult[];
  onDidChange(listener: (added: readonly CaseResult[]) => unknown): { dispose(): unknown };
}

/** What the Testing view needs around it. */
export interface LavaTestsDeps {
  /** The followed jobs (their `started` events). */
  onFollow(listener: (e: FollowEvent) => unknown): { dispose(): unknown };
  /** Where each record is in a rendered job-log document (and when it was rendered again). */
  documents: Pick<JobLogDocuments, 'linesFor' | 'onDidRender'>;
  /** A job's test cases over REST (`tests/`, paged). */
  readCases(serverUrl: string, jobId: string): Promise<TestCases>;
  /** A followed job's results (JobLog.results) and how the REST list is reconciled with them. */
  resultsOf(follow: JobFollow): (ResultsFeed & { reconcile(cases: TestCases['cases'], complete: boolean): void }) | undefined;
  /** The configured name of a server, when it is one. */
  serverName?(serverUrl: string): string | undefined;
}

/** Cases handed to VS Code per slice: the thread is let go between slices (10 000 cases never hold it long). */
export const CASES_PER_SLICE = 250;

interface JobEntry {
  serverUrl: string;
  jobId: string;
  item: vscode.TestItem;
  uri: vscode.Uri;
  run?: vscode.TestRun;
  feed?: ResultsFeed;
  subscription?: { dispose(): unknown };
  /** Cases of `feed.cases` made items so far, and the last of them (a replaced list starts again). */
  applied: number;
  last?: CaseResult;
  occurrences: Occurrences;
  suites: Map<string, vscode.TestItem>;
  /** The followed job's log while it is followed (where its cases' lines are before the document is open)… */
  log?: JobLog;
  /** …and those lines once it ended (the log itself is not kept for the view). */
  lines?: LineMap;
  /** Each case item's log index, for its range when the document is rendered again. */
  indexOf: Map<vscode.TestItem, number>;
  pumping: boolean;
  /** Ends the run once every case is in (the job ended and REST was read). */
  endWhenDone: boolean;
  /** A run of ▶ (a job definition's): not ended here; told when every case is in. */
  lent?: (cases: readonly CaseResult[]) => void;
}

/**
 * The Testing view's "LAVA" controller: every followed job (and any job whose results were asked
 * for) as job → suites → cases, filled as results arrive, each case at its line in the job log
 * document. Thin: ids, labels and texts come from core/results/testItems.ts.
 */
export class LavaTests implements vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly jobs = new Map<string, JobEntry>();
  private readonly subscriptions: { dispose(): unknown }[] = [];

  constructor(private readonly deps: LavaTestsDeps) {
    this.controller = vscode.tests.createTestController('lava', TESTING.controller);
    this.subscriptions.push(
      deps.onFollow((e) => {
        if (e.kind === 'started') this.follow(e.follow);
      }),
      deps.documents.onDidRender((uri) => this.relocate(uri)),
    );
  }

  /** The item of a job (made if needed). */
  jobItem(serverUrl: string, jobId: string): vscode.TestItem {
    return this.entry(serverUrl, jobId).item;
  }

  /** A followed job: its results as they come, REST's list at its end. */
  follow(follow: JobFollow): void {
    const results = this.deps.resultsOf(follow);
    if (!results) return;
    const entry = this.start(follow.server.url, follow.jobId, results);
    entry.log = follow.log;
    void follow.ended.then(async (end) => {
      if (this.jobs.get(entry.item.id) !== entry || entry.feed !== results) return;
      // LAVA's tests list is REST's: a log-tail server (its log is text) has none to ask for.
      if (end.kind === 'finished' && follow.log.kind === 'records') {
        try {
          const rest = await this.deps.readCases(entry.serverUrl, entry.jobId);
          results.reconcile(rest.cases, rest.complete);
          if (!rest.complete) entry.run?.appendOutput(`${TESTING.incomplete}\r\n`);
        } catch (err) {
          entry.run?.appendOutput(`${TESTING.readFailed(plainTreeText((err as Error).message))}\r\n`);
        }
      }
      entry.endWhenDone = true;
      this.pump(entry);
      entry.lines = this.deps.documents.linesFor(entry.uri, entry.log);
      entry.log = undefined;
    });
  }

  /** A job that is not followed (Show Results, Find Job, the LAVA view): its REST list, read once. */
  async show(serverUrl: string, jobId: string, cases?: TestCases): Promise<vscode.TestItem> {
    const read = cases ?? (await this.deps.readCases(serverUrl, jobId));
    const feed = new CaseResults();
    feed.reconcile(read.cases, read.complete);
    const entry = this.start(serverUrl, jobId, feed);
    if (!read.complete) entry.run?.appendOutput(`${TESTING.incomplete}\r\n`);
    entry.endWhenDone = true;
    this.pump(entry);
    return entry.item;
  }

  /**
   * Fills `run` (▶ on a job definition) with a followed job's cases instead of the job's own run;
   * resolves with them once the job ended and REST was read. The run is the caller's to end.
   */
  lend(serverUrl: string, jobId: string, run: vscode.TestRun): Promise<readonly CaseResult[]> {
    const entry = this.jobs.get(jobItemId(serverUrl, jobId));
    if (!entry?.feed) return Promise.resolve([]);
    entry.run?.end();
    entry.run = run;
    run.started(entry.item);
    this.reset(entry);
    const done = new Promise<readonly CaseResult[]>((resolve) => (entry.lent = resolve));
    this.pump(entry);
    return done;
  }

  /** The results a job's items show (the followed job's or the last read), if it is in the view. */
  resultsOf(serverUrl: string, jobId: string): readonly CaseResult[] | undefined {
    return this.jobs.get(jobItemId(serverUrl, jobId))?.feed?.cases;
  }

  dispose(): void {
    for (const entry of this.jobs.values()) this.stopRun(entry);
    for (const s of this.subscriptions) s.dispose();
    this.controller.dispose();
  }

  private entry(serverUrl: string, jobId: string): JobEntry {
    const id = jobItemId(serverUrl, jobId);
    const known = this.jobs.get(id);
    if (known) return known;
    const uri = JobLogDocuments.uri({ serverUrl, jobId });
    const item = this.controller.createTestItem(id, TESTING.jobLabel(jobId), uri);
    const name = this.deps.serverName?.(serverUrl);
    if (name) item.description = plainTreeText(TESTING.jobServer(name));
    this.controller.items.add(item);
    const entry: JobEntry = {
      serverUrl,
      jobId,
      item,
      uri,
      applied: 0,
      occurrences: new Occurrences(),
      suites: new Map(),
      indexOf: new Map(),
      pumping: false,
      endWhenDone: false,
    };
    this.jobs.set(id, entry);
    return entry;
  }

  /** Starts showing `feed` for a job: its items afresh, a new run. */
  private start(serverUrl: string, jobId: string, feed: ResultsFeed): JobEntry {
    const entry = this.entry(serverUrl, jobId);
    this.stopRun(entry);
    this.reset(entry);
    entry.feed = feed;
    entry.endWhenDone = false;
    const run = this.controller.createTestRun(new vscode.TestRunRequest([entry.item]), TESTING.runName(jobId), false);
    entry.run = run;
    run.started(entry.item);
    entry.subscription = feed.onDidChange(() => this.pump(entry));
    this.pump(entry);
    return entry;
  }

  private reset(entry: JobEntry): void {
    entry.item.children.replace([]);
    entry.suites.clear();
    entry.indexOf.clear();
    entry.occurrences = new Occurrences();
    entry.applied = 0;
    entry.last = undefined;
  }

  private stopRun(entry: JobEntry): void {
    entry.subscription?.dispose();
    entry.subscription = undefined;
    if (entry.lent) entry.lent(entry.feed?.cases ?? []);
    else entry.run?.end();
    entry.lent = undefined;
    entry.run = undefined;
  }

  /** Makes items of the cases not shown yet, a slice at a time; ends the run when all are in and it may. */
  private pump(entry: JobEntry): void {
    if (entry.pumping) return;
    const cases = entry.feed?.cases;
    if (!cases) return;
    // The list was replaced (REST reconciled it): shown again from its first case, same ids.
    if (entry.applied > cases.length || (entry.applied > 0 && cases[entry.applied - 1] !== entry.last)) this.reset(entry);
    const end = Math.min(cases.length, entry.applied + CASES_PER_SLICE);
    for (let i = entry.applied; i < end; i++) this.add(entry, cases[i]);
    entry.applied = end;
    entry.last = cases[end - 1];
    if (end < cases.length) {
      entry.pumping = true;
      setImmediate(() => {
        entry.pumping = false;
        this.pump(entry);
      });
      return;
    }
    if (entry.endWhenDone && entry.run) {
      const run = entry.run;
      const lent = entry.lent;
      entry.run = undefined;
      entry.lent = undefined;
      entry.subscription?.dispose();
      entry.subscription = undefined;
      if (cases.some((c) => c.outcome === 'fail')) run.failed(entry.item, []);
      else run.passed(entry.item);
      if (lent) lent(cases);
      else run.end();
    }
  }

  private add(entry: JobEntry, result: CaseResult): void {
    let suite = entry.suites.get(result.suite);
    if (!suite) {
      suite = this.controller.createTestItem(suiteItemId(entry.serverUrl, entry.jobId, result.suite), suiteLabel(result.suite), entry.uri);
      suite.sortText = suiteSortText(result.suite);
      entry.suites.set(result.suite, suite);
      entry.item.children.add(suite);
    }
    const occurrence = entry.occurrences.next(result.suite, result.name);
    const id = caseItemId(entry.serverUrl, entry.jobId, result.suite, result.name, occurrence);
    const item = this.controller.createTestItem(id, caseLabel(result.name, occurrence), entry.uri);
    item.description = caseDescription(result);
    if (result.logIndex !== undefined) {
      entry.indexOf.set(item, result.logIndex);
      item.range = this.rangeOf(entry, result.logIndex);
    }
    suite.children.add(item);
    const run = entry.run;
    if (!run) return;
    switch (result.outcome) {
      case 'pass':
        run.passed(item, result.durationMs);
        break;
      case 'fail': {
        const message = new vscode.TestMessage(caseMessageText(result));
        if (item.range) message.location = new vscode.Location(entry.uri, item.range);
        run.failed(item, message, result.durationMs);
        break;
      }
      default:
        run.skipped(item);
    }
    if (result.measurement !== undefined || result.outcome === 'unknown') run.appendOutput(outputLine(result), undefined, item);
  }

  /** The line of a record in the job log document: as rendered (or as it will be), else the record's index. */
  private rangeOf(entry: JobEntry, index: number): vscode.Range {
    const lines = this.deps.documents.linesFor(entry.uri, entry.log) ?? entry.lines;
    const line = lines && index < lines.recordCount ? (lines.firstLine(index) ?? lines.lineAtOrAfter(index) ?? index) : index;
    return new vscode.Range(line, 0, line, 0);
  }

  /** A job-log document was rendered again (other levels, more log): its cases' lines follow. */
  private relocate(uri: vscode.Uri): void {
    const entry = this.jobs.get(jobItemIdOf(uri));
    if (!entry) return;
    // Only the items whose line moved are touched (each change of an item is a message to the workbench).
    for (const [item, index] of entry.indexOf) {
      const range = this.rangeOf(entry, index);
      if (item.range?.start.line !== range.start.line) item.range = range;
    }
  }
}

function jobItemIdOf(uri: vscode.Uri): string {
  const address = JobLogDocuments.address(uri);
  return address ? jobItemId(address.serverUrl, address.jobId) : '';
}
