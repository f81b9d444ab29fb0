import * as vscode from 'vscode';
import type { ServerConfig } from '../../core/config/servers';
import type { NewJob } from '../../core/model/job';
import { jobOfItemId } from '../../core/results/testItems';
import { looksLikeJobText } from '../../core/submit/definitionText';
import { TESTING } from '../../core/text/testingText';
import { plainTreeText } from '../../core/untrusted/plainForSurface';
import type { LavaTests } from './lavaTests';

/** What ▶ needs: submit a document (asking its server once, as the CodeLens does), cancel a job. */
export interface DefinitionRunDeps {
  submit(uri: vscode.Uri): Promise<{ server: ServerConfig; jobs: readonly NewJob[] } | undefined>;
  cancel(server: ServerConfig, jobId: string): Promise<void>;
  resubmit(serverUrl: string, jobId: string): Thenable<unknown>;
}

/** The item id of a job definition open in the workspace. */
export function definitionItemId(uri: vscode.Uri): string {
  return JSON.stringify(['definition', uri.toString()]);
}

/**
 * Job definitions as runnable tests: each open document that looks like a job definition
 * (core/submit/definitionText.ts, no parse) is an item; ▶ submits it, follows the job and fills the
 * run with its results; the Testing view's stop cancels the LAVA job. ▶ on a job's own item
 * (Re-run Failed Tests) resubmits that job.
 */
export class DefinitionTests implements vscode.Disposable {
  private readonly items = new Map<string, vscode.TestItem>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly controller: vscode.TestController,
    private readonly tests: LavaTests,
    private readonly deps: DefinitionRunDeps,
  ) {
    for (const doc of vscode.workspace.textDocuments) this.look(doc);
    this.subscriptions.push(
      controller.createRunProfile(TESTING.runProfile, vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true),
      vscode.workspace.onDidOpenTextDocument((doc) => this.look(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.look(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const key of [...this.items.keys()]) this.forget(vscode.Uri.parse(key));
  }

  private look(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return;
    const is = doc.languageId === 'yaml' && looksLikeJobText(doc.getText());
    const key = doc.uri.toString();
    if (!is) return this.forget(doc.uri);
    if (this.items.has(key)) return;
    const name = doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1);
    const item = this.controller.createTestItem(definitionItemId(doc.uri), plainTreeText(TESTING.definitionLabel(name)), doc.uri);
    item.sortText = `0${name}`;
    this.items.set(key, item);
    this.controller.items.add(item);
  }

  private forget(uri: vscode.Uri): void {
    const item = this.items.get(uri.toString());
    if (!item) return;
    this.items.delete(uri.toString());
    this.controller.items.delete(item.id);
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const asked = request.include ?? [...this.items.values()];
    const definitions = asked.filter((item) => [...this.items.values()].includes(item));
    // Re-run Failed Tests on a job's items: each job once, resubmitted.
    const jobs = new Map<string, { serverUrl: string; jobId: string }>();
    for (const item of asked) {
      const job = definitions.includes(item) ? undefined : jobOfItemId(item.id);
      if (job) jobs.set(JSON.stringify(job), job);
    }
    for (const job of jobs.values()) void this.deps.resubmit(job.serverUrl, job.jobId);
    if (!definitions.length) return;
    const run = this.controller.createTestRun(request);
    try {
      for (const item of definitions) {
        if (token.isCancellationRequested) break;
        await this.runOne(item, run, token);
      }
    } finally {
      run.end();
    }
  }

  /** Submits a definition, follows its job(s) into `run`, and tells the definition's outcome. */
  private async runOne(item: vscode.TestItem, run: vscode.TestRun, token: vscode.CancellationToken): Promise<void> {
    run.started(item);
    const submitted = item.uri && (await this.deps.submit(item.uri));
    if (!submitted) return run.skipped(item);
    const { server, jobs } = submitted;
    const ids = jobs.filter((j) => !j.unresolved).map((j) => j.id);
    const cancel = token.onCancellationRequested(() => ids.forEach((id) => void this.deps.cancel(server, id)));
    try {
      const results = await Promise.all(ids.map((id) => this.tests.lend(server.url, id, run)));
      const failed = results.flat().filter((c) => c.outcome === 'fail').length;
      if (failed > 0) run.failed(item, new vscode.TestMessage(TESTING.failedCases(failed)));
      else run.passed(item);
    } finally {
      cancel.dispose();
    }
  }
}
