// A job log still being read (issue 24): opening it shows what was read with a Cancel button once it is
// still loading a moment later; Go to First Error waits for it with progress, and Cancel goes nowhere.
import { fake, jobLogDocumentsOf, quickJob, World, world } from './harness';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openJobLog } from '../../../src/vscode/commands/openJobLog';
import { goToFirstErrorCommand } from '../../../src/vscode/commands/goToFirstError';
import { JobLogDocuments } from '../../../src/vscode/views/jobLogDocuments';
import { JobLogProblems } from '../../../src/vscode/views/jobLogProblems';
import { OPEN_GRACE_MS, showReadingProgress, WaitEnd } from '../../../src/vscode/views/logLoading';
import { JOB_LOG_SCHEME } from '../../../src/core/document/jobLogUri';
import { VirtualClock } from '../helpers';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('job-log documents still being read: progress and Cancel (fake vscode, simulator)', function () {
  this.timeout(20000);
  let w: World;
  let documents: JobLogDocuments;
  let problems: JobLogProblems;
  let registration: vscode.Disposable;
  beforeEach(async () => {
    w = await world();
    documents = jobLogDocumentsOf(w, { time: 'hidden' });
    problems = new JobLogProblems(documents);
    registration = vscode.workspace.registerTextDocumentContentProvider(JOB_LOG_SCHEME, documents);
  });
  afterEach(async () => {
    registration.dispose();
    problems.dispose();
    documents.dispose();
    await w.stop();
  });

  /** Waits (real time, polling) until `check` holds. */
  async function until(what: string, check: () => boolean): Promise<void> {
    for (let i = 0; i < 1000 && !check(); i++) await pause(10);
    assert.ok(check(), what);
  }

  it('opening a log still being read: "N lines read" in a progress notification; Cancel stops reading it', async () => {
    // 571 lines at 200 a second: still arriving a (virtual) second after the open.
    quickJob(w.sim, '70', 'Incomplete', { linesPerSecond: 200, batchIntervalMs: 20 });
    const editor = await openJobLog({ serverUrl: w.sim.url, jobId: '70' });
    const uri = editor.document.uri;
    const clock = new VirtualClock();
    const stopped: vscode.Uri[] = [];
    const atStart = documents.logOf(uri)?.size ?? 0;
    const shown = showReadingProgress(documents, uri, (u) => stopped.push(u), clock);
    await until('the grace sleep', () => clock.pending === 1);
    // The document may open on the log's first text: more is read during the (virtual) grace second.
    await until('more lines read', () => (documents.logOf(uri)?.size ?? 0) > atStart);
    clock.advance(OPEN_GRACE_MS);
    await until('a progress notification', () => fake.progress.length === 1);
    const progress = fake.progress[0];
    assert.equal(progress.title, 'Reading the log of LAVA job 70…');
    assert.equal(progress.cancellable, true);
    await until('a report', () => (progress.reports?.length ?? 0) > 0);
    assert.match((progress.reports![0] as { message: string }).message, /^\d[\d,]* lines read$/);
    progress.cancel!();
    clock.advance(250);
    assert.equal(await shown, 'cancelled' as WaitEnd);
    assert.deepEqual(
      stopped.map((u) => u.toString()),
      [uri.toString()],
    );
  });

  it('a log read at once shows no progress', async () => {
    quickJob(w.sim, '71', 'Complete');
    const editor = await openJobLog({ serverUrl: w.sim.url, jobId: '71' });
    await until('the whole log', () => documents.isComplete(editor.document.uri));
    const clock = new VirtualClock({ auto: true });
    assert.equal(await showReadingProgress(documents, editor.document.uri, () => assert.fail('nothing to stop'), clock), undefined);
    assert.equal(fake.progress.length, 0);
  });

  it('Go to First Error while the log loads: waits with progress; Cancel goes nowhere', async () => {
    quickJob(w.sim, '72', 'Incomplete', { linesPerSecond: 100, batchIntervalMs: 20 });
    const editor = await openJobLog({ serverUrl: w.sim.url, jobId: '72' });
    const clock = new VirtualClock();
    const going = goToFirstErrorCommand(documents, problems, editor, clock);
    await until('a progress notification', () => fake.progress.length === 1);
    assert.equal(fake.progress[0].title, 'Looking for the first error of LAVA job 72…');
    fake.progress[0].cancel!();
    clock.advance(250);
    assert.equal(await going, false);
    assert.equal(editor.selection.active.line, 0, 'the cursor did not move');
  });
});
