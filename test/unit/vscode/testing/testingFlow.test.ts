// The Testing view end to end over the simulator (real HTTP) and the fake vscode: a followed job's
// results, the finish notification's line on the previous run, Show Results, Compare with Previous
// Run, and ▶ on a job definition.
import { fake, world, World } from '../harness';
import { FakeTestController, FakeTestItem, Uri } from '../fake';
import assert from 'node:assert/strict';
import { addComparePair } from '../../../simulator/resultsJobs';
import { LavaTests } from '../../../../src/vscode/testing/lavaTests';
import { ResultsDocuments } from '../../../../src/vscode/testing/resultsDocuments';
import { resultsReader, sinceLastRun } from '../../../../src/vscode/testing/resultsReaders';
import { showResultsCommand } from '../../../../src/vscode/commands/showResults';
import { compareWithPreviousRunCommand } from '../../../../src/vscode/testing/compareWithPreviousRun';
import { DefinitionTests, definitionItemId } from '../../../../src/vscode/testing/definitionTests';
import { fetchTestCases } from '../../../../src/core/protocols/rest/testResults';
import { JobLogDocuments } from '../../../../src/vscode/views/jobLogDocuments';
import { notifyEnd } from '../../../../src/vscode/views/notifications';
import { RESULTS_SCHEME } from '../../../../src/core/document/resultsUri';
import type { ServerConfig } from '../../../../src/core/config/servers';
import type { FollowEnd } from '../../../../src/core/follow/follower';
import * as vscode from 'vscode';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Testing view over the simulator', function () {
  this.timeout(20000);
  let w: World;
  let tests: LavaTests;
  let results: ResultsDocuments;
  let server: ServerConfig;
  const depsOf = async () => ({ fetch: w.deps.fetch, timeoutMs: 5000, credentials: await w.deps.tokens.credentials(w.sim.url) });

  beforeEach(async () => {
    w = await world();
    server = { name: 'sim', url: w.sim.url, api: 'auto' };
    const documents = new JobLogDocuments(
      async () => undefined,
      () => ({ time: 'hidden' }) as never,
    );
    tests = new LavaTests({
      onFollow: (listener) => w.deps.follows.onDidChange(listener),
      documents,
      readCases: async (serverUrl, jobId) => fetchTestCases(serverUrl, jobId, await depsOf()),
      resultsOf: (follow) => follow.log.results,
    });
    results = new ResultsDocuments(resultsReader(depsOf));
    vscode.workspace.registerTextDocumentContentProvider(RESULTS_SCHEME, results);
  });
  afterEach(async () => {
    tests.dispose();
    results.dispose();
    await w.stop();
  });

  const controller = () => fake.testController('lava') as FakeTestController;
  const item = (label: string, parent?: string) =>
    controller()
      .all()
      .find((i) => i.label === label && (parent === undefined || i.parent?.label === parent));
  const stateOf = (i: FakeTestItem | undefined) => {
    for (const run of [...controller().runs].reverse()) {
      const s = i && run.states.get(i.id);
      if (s) return s.state;
    }
    return undefined;
  };
  const runEnded = async () => {
    while (!controller().runs.every((r) => r.ended)) await tick();
  };

  it('a followed failing job: 0_progress-demo/progress-loop failed at its results line, lava cases passed', async () => {
    addComparePair(w.sim, '50', '51');
    const job = await w.deps.follows.follow(server, '51');
    await job.ended;
    await runEnded();
    const loop = item('progress-loop', '0_progress-demo');
    assert.ok(loop, 'the case is in the Testing view');
    assert.equal(stateOf(loop), 'failed');
    const line = job.log.results.cases.find((c) => c.name === 'progress-loop')!.logIndex!;
    assert.equal(loop!.range?.start.line, line);
    assert.match(job.log.level(line), /results/);
    const lava = controller()
      .all()
      .filter((i) => i.parent?.label === 'lava');
    assert.ok(lava.length >= 2);
    assert.ok(lava.some((i) => stateOf(i) === 'passed'));
  });

  it("the finish notification says what changed since the previous run ('Since job 50: 1 new failure')", async () => {
    addComparePair(w.sim, '50', '51');
    const job = await w.deps.follows.follow(server, '51', { notify: false });
    const end = await job.ended;
    await notifyEnd(w.deps.follows, job, end, sinceLastRun(depsOf, job));
    const told = fake.messages.find((m) => /LAVA job 51/.test(m.message));
    assert.ok(told);
    assert.match(told!.message, /Since job 50: 1 new failure\./);
    // Without the line (no previous run found), the message is as before.
    await notifyEnd(w.deps.follows, job, end as FollowEnd, async () => undefined);
    assert.doesNotMatch(fake.messages[fake.messages.length - 1].message, /Since/);
  });

  it('Show Results: a read-only lava-results document (no untitled editor) and the job in the Testing view', async () => {
    addComparePair(w.sim, '50', '51');
    await showResultsCommand({ fetch: w.deps.fetch, tokens: w.deps.tokens, tests, results }, w.sim.url, '51');
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.uri.scheme, RESULTS_SCHEME);
    assert.equal(doc.isUntitled ?? false, false);
    assert.match(doc.getText(), /progress-loop/);
    assert.doesNotMatch(doc.getText(), /\]\(|command:/);
    await runEnded();
    assert.equal(stateOf(item('progress-loop', '0_progress-demo')), 'failed');
  });

  it('Compare with Previous Run (a Testing item): progress-loop newly failing, in a read-only document', async () => {
    addComparePair(w.sim, '50', '51');
    await showResultsCommand({ fetch: w.deps.fetch, tokens: w.deps.tokens, tests, results }, w.sim.url, '51');
    fake.answerInputs(() => '');
    await compareWithPreviousRunCommand(
      { fetch: w.deps.fetch, tokens: w.deps.tokens, follows: w.deps.follows, results },
      item('LAVA job 51'),
    );
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.uri.scheme, RESULTS_SCHEME);
    assert.match(decodeURIComponent(doc.uri.query), /before=50/);
    const text = doc.getText();
    assert.match(text, /Newly failing[\s\S]*progress-loop/);
  });

  it('a results document VS Code opens by itself (a reload) is read from the server; no previous run is told', async () => {
    addComparePair(w.sim, '50', '51');
    const doc = await vscode.workspace.openTextDocument(ResultsDocuments.uri({ serverUrl: w.sim.url, jobId: '51', before: '50' }));
    assert.match(doc.getText(), /Newly failing[\s\S]*progress-loop/);
    const lone = await vscode.workspace.openTextDocument(ResultsDocuments.uri({ serverUrl: w.sim.url, jobId: '50' }));
    assert.match(lone.getText(), /progress-loop/);
    // Job 50 is the first of its description: nothing to compare with.
    fake.answerInputs(() => '');
    await compareWithPreviousRunCommand({ fetch: w.deps.fetch, tokens: w.deps.tokens, follows: w.deps.follows, results }, w.sim.url, '50');
    assert.match(fake.messages[fake.messages.length - 1].message, /No previous finished run of LAVA job 50/);
  });

  it('▶ on a job definition: submitted, followed into the run, the definition fails with its failed case; stop cancels the job', async () => {
    addComparePair(w.sim, '50', '51');
    const uri = Uri.file('/work/job.yaml');
    fake.openDocument(uri, 'job_name: demo\ndevice_type: qemu\ntimeouts: {}\nactions: []\n', 'yaml');
    const cancelled: string[] = [];
    const defs = new DefinitionTests(controller() as never, tests, {
      submit: async () => {
        await w.deps.follows.follow(server, '51');
        return { server, jobs: [{ id: '51' }] };
      },
      cancel: async (_s, id) => void cancelled.push(id),
      resubmit: async () => undefined,
    });
    const definition = controller().items.get(definitionItemId(uri as never))!;
    assert.ok(definition, 'the open definition is an item');
    const profile = controller().profiles[0];
    const source = new vscode.CancellationTokenSource();
    await profile.runHandler(new vscode.TestRunRequest([definition as never]) as never, source.token as never);
    const run = controller().runs.find((r) => r.states.has(definition.id))!;
    assert.equal(run.states.get(definition.id)?.state, 'failed');
    assert.equal(run.ended, true);
    const loop = item('progress-loop', '0_progress-demo');
    assert.equal(run.states.get(loop!.id)?.state, 'failed', 'the job filled the ▶ run');
    source.cancel();
    assert.deepEqual(cancelled, [], 'cancelling after the end cancels nothing');
    defs.dispose();
  });
});
