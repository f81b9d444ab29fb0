// The job log as a document over the fake `vscode` and the simulator: its content, its refresh
// while the job runs, its Outline and folding ranges, its Problems.
import { fake, jobLogDocumentsOf, quickJob, World, world } from './harness';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openJobLog } from '../../../src/vscode/commands/openJobLog';
import { getServers } from '../../../src/vscode/settings';
import { resolveServer } from '../../../src/core/config/servers';
import { JobLogDocuments } from '../../../src/vscode/views/jobLogDocuments';
import { JobLogProblems } from '../../../src/vscode/views/jobLogProblems';
import { JobLogStructure } from '../../../src/vscode/views/jobLogStructure';
import { JOB_LOG_SCHEME } from '../../../src/core/document/jobLogUri';

describe('job-log documents (fake vscode, simulator)', function () {
  this.timeout(20000);
  let w: World;
  let documents: JobLogDocuments;
  let problems: JobLogProblems;
  let structure: JobLogStructure;
  let registration: vscode.Disposable;
  beforeEach(async () => {
    w = await world();
    documents = jobLogDocumentsOf(w, { time: 'hidden' });
    problems = new JobLogProblems(documents);
    structure = new JobLogStructure(documents);
    registration = vscode.workspace.registerTextDocumentContentProvider(JOB_LOG_SCHEME, documents);
  });
  afterEach(async () => {
    registration.dispose();
    problems.dispose();
    documents.dispose();
    await w.stop();
  });

  /** Resolves once the document VS Code has holds the whole log of the ended job. */
  async function complete(uri: vscode.Uri): Promise<void> {
    if (!documents.isComplete(uri)) {
      // Checked on each render and each change of the log (its end may come with no new text).
      await new Promise<void>((resolve) => {
        const check = () => {
          if (!documents.isComplete(uri)) return;
          rendered.dispose();
          changed?.dispose();
          resolve();
        };
        const rendered = documents.onDidRender(check);
        const changed = documents.logOf(uri)?.onDidChange(check);
      });
    }
    // The text is rendered before it is handed over: the (fake) editor has it a tick later.
    await new Promise((resolve) => setImmediate(resolve));
  }

  it('opens with the log so far, is refreshed while shown, and ends with the whole log', async () => {
    quickJob(w.sim, '40', 'Complete', { linesPerSecond: 500, batchIntervalMs: 20 });
    const editor = await openJobLog({ serverUrl: w.sim.url, jobId: '40' });
    const doc = editor.document;
    assert.equal(doc.languageId, 'lava-log');
    assert.equal(doc.uri.scheme, JOB_LOG_SCHEME);
    const versionAtOpen = doc.version;
    await complete(doc.uri);
    assert.ok(doc.version > versionAtOpen + 1, `refreshed more than once (version ${doc.version})`);
    const text = doc.getText();
    assert.match(text, /^lava-dispatcher, installed at version: 2023\.01$/m);
    assert.match(text, /^start: 0 validate$/m);
    // Time hidden (the document's own format): no HH:MM:SS prefix.
    assert.doesNotMatch(text, /^\d\d:\d\d:\d\d /m);
    // A document follow shows no channel and tells no end.
    assert.equal(fake.channels.length, 0, 'a follow that feeds only a document has no Output channel');
    assert.equal(fake.messages.length, 0);
  });

  it('a lava-log URI that is not a job log says so', async () => {
    const text = await documents.provideTextDocumentContent(vscode.Uri.parse('lava-log:/x?server=nope&job=1'));
    assert.equal(text, 'This is not a LAVA job log address.\n');
    assert.equal(w.sim.requests.length, 0);
  });

  it('Outline: one symbol per pipeline action, nested; folding: one range per action', async () => {
    quickJob(w.sim, '41');
    const editor = await openJobLog({ serverUrl: w.sim.url, jobId: '41' });
    await complete(editor.document.uri);
    const symbols = structure.provideDocumentSymbols(editor.document);
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['0 validate', '1 deployimages', '2 boot-image-retry', '3 lava-test-interactive-retry', '4 finalize'],
    );
    const boot = symbols.find((s) => s.name.startsWith('2 '))!;
    assert.ok(boot.children.length > 0, 'boot has nested actions');
    assert.ok(boot.children.every((c) => c.name.startsWith('2.')));
    const folds = structure.provideFoldingRanges(editor.document);
    assert.ok(folds.length >= symbols.length);
    assert.ok(folds.every((f) => f.start < f.end && f.end < editor.document.lineCount));
  });

  it('Problems: an Incomplete job has its errors on their lines', async () => {
    quickJob(w.sim, '42', 'Incomplete');
    const editor = await openJobLog({ serverUrl: w.sim.url, jobId: '42' });
    await complete(editor.document.uri);
    const diagnostics = problems.diagnostics(editor.document.uri);
    const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.ok(errors.length > 0, 'at least one error');
    for (const d of diagnostics) {
      assert.equal(d.source, 'LAVA');
      assert.ok(d.range.start.line < editor.document.lineCount);
    }
    // The document closes: its problems go.
    fake.closeDocument(editor.document as unknown as Parameters<typeof fake.closeDocument>[0]);
    assert.equal(problems.diagnostics(editor.document.uri).length, 0);
  });

  it('a Complete job: only its deliberately failing test case, on the line that says so', async () => {
    quickJob(w.sim, '43');
    const editor = await openJobLog({ serverUrl: w.sim.url, jobId: '43' });
    await complete(editor.document.uri);
    const errors = problems.diagnostics(editor.document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(
      errors.map((e) => e.message),
      [
        "Matched a prompt (was expecting a success): '/ # ' (in 3.1 lava-test-interactive)",
        '0_progress-demo/expected-failure: fail (in 3.1 lava-test-interactive)',
      ],
    );
    assert.match(editor.document.lineAt(errors[1].range.start.line).text, /expected-failure/);
  });

  it("a record's line is known before its document is opened (a test case's location), and is the line the document then shows", async () => {
    // Levels that hide debug records: a record's index and its line differ.
    const shown = new Set(['info', 'warning', 'error', 'results', 'target', 'input', 'feedback']);
    const own = new JobLogDocuments(
      (address) =>
        w.deps.follows.follow(resolveServer(getServers(), address.serverUrl).server, address.jobId, {
          channel: false,
          notify: false,
          reuseEnded: true,
        }),
      () => ({ time: 'hidden', levels: shown }),
    );
    registration.dispose();
    const ownRegistration = vscode.workspace.registerTextDocumentContentProvider(JOB_LOG_SCHEME, own);
    try {
      quickJob(w.sim, '44');
      const follow = await w.deps.follows.follow(resolveServer(getServers(), w.sim.url).server, '44', { channel: false, notify: false });
      await follow.ended;
      const uri = JobLogDocuments.uri({ serverUrl: w.sim.url, jobId: '44' });
      const log = follow.log;
      const failing = log.results?.cases.find((c) => c.name === 'expected-failure')?.logIndex ?? -1;
      assert.ok(failing > 0, "the job has its failing case's results record");
      const before = own.linesFor(uri, log)!.firstLine(failing)!;
      assert.ok(before < failing, `hidden records move the line up (line ${before}, record ${failing})`);
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      assert.equal(own.linesOf(uri)?.firstLine(failing), before, 'the open document puts the record on that line');
      assert.match(editor.document.lineAt(before).text, /expected-failure/);
      assert.equal(own.logOf(uri), log, "the ended follow's log, not read again");
    } finally {
      ownRegistration.dispose();
      own.dispose();
      registration = vscode.workspace.registerTextDocumentContentProvider(JOB_LOG_SCHEME, documents);
    }
  });
});
