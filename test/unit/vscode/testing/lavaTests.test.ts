// The Testing view's LAVA controller over the fake vscode: job → suites → cases, their states,
// their log lines, ids that stay, slices that let the thread go, server text kept plain.
import { fake, FakeTestController, FakeTestItem, FakeTestRun, Uri } from '../fake';
import assert from 'node:assert/strict';
import type { CaseResult } from '../../../../src/core/model/results';
import type { FollowEvent } from '../../../../src/vscode/follow/follows';
import type { JobFollow } from '../../../../src/vscode/follow/jobFollow';
import type { FollowEnd } from '../../../../src/core/follow/follower';
import { CASES_PER_SLICE, LavaTests, LavaTestsDeps } from '../../../../src/vscode/testing/lavaTests';
import { JobLogDocuments } from '../../../../src/vscode/views/jobLogDocuments';
import { LineMap } from '../../../../src/core/log/lineMap';
import { Emitter } from '../../../../src/core/util/emitter';
import type { TestCases } from '../../../../src/core/protocols/rest/testResults';

const SERVER = 'https://lava.example.org';

/** A job's results as a JobLog's CaseResults gives them: cases added, the list replaced by REST. */
class Feed {
  cases: CaseResult[] = [];
  reconciled?: TestCases['cases'];
  private readonly changes = new Emitter<readonly CaseResult[]>();
  readonly onDidChange = this.changes.event;
  add(...cases: CaseResult[]): void {
    this.cases.push(...cases);
    this.changes.fire(cases);
  }
  reconcile(rest: TestCases['cases']): void {
    this.reconciled = rest;
    this.cases = rest.map((c) => ({
      suite: c.suite,
      name: c.name,
      result: c.result,
      outcome: c.result === 'pass' ? 'pass' : 'fail',
      logIndex: c.startLogLine,
    }));
    this.changes.fire(this.cases);
  }
}

/** A followed job; its log's kind says which protocol the server speaks (`records`: REST, `text`: log-tail). */
function fakeFollow(jobId: string, kind: 'records' | 'text' = 'records'): { follow: JobFollow; end(e: FollowEnd): void } {
  let end: (e: FollowEnd) => void = () => undefined;
  const ended = new Promise<FollowEnd>((resolve) => (end = resolve));
  const follow = { server: { name: 'lab', url: SERVER, api: 'auto' }, jobId, ended, log: { kind } };
  return { follow: follow as unknown as JobFollow, end };
}

function setup(opts: { rest?: TestCases; lines?: Map<string, LineMap> } = {}) {
  fake.reset();
  const follows = new Emitter<FollowEvent>();
  const renders = new Emitter<Uri>();
  const feeds = new Map<JobFollow, Feed>();
  const reads: string[] = [];
  const deps: LavaTestsDeps = {
    onFollow: (listener) => follows.event(listener),
    documents: {
      linesFor: (uri: Uri) => opts.lines?.get(uri.toString()),
      onDidRender: renders.event,
    } as unknown as LavaTestsDeps['documents'],
    readCases: async (_server, jobId) => {
      reads.push(jobId);
      return opts.rest ?? { cases: [], complete: true };
    },
    resultsOf: (follow) => {
      const feed = new Feed();
      feeds.set(follow, feed);
      return feed;
    },
  };
  const tests = new LavaTests(deps);
  const controller = fake.testController('lava') as FakeTestController;
  const start = (jobId: string, kind: 'records' | 'text' = 'records') => {
    const f = fakeFollow(jobId, kind);
    follows.fire({ kind: 'started', follow: f.follow });
    return { ...f, feed: feeds.get(f.follow)! };
  };
  return { tests, controller, start, renders, reads };
}

const c = (suite: string, name: string, outcome: CaseResult['outcome'], extra: Partial<CaseResult> = {}): CaseResult => ({
  suite,
  name,
  outcome,
  result: outcome,
  ...extra,
});

const tick = () => new Promise((resolve) => setImmediate(resolve));
const byLabel = (items: FakeTestItem[], label: string) => items.find((i) => i.label === label);
function children(item: FakeTestItem): FakeTestItem[] {
  const out: FakeTestItem[] = [];
  item.children.forEach((i) => out.push(i));
  return out;
}
const stateOf = (run: FakeTestRun, item: FakeTestItem | undefined) => item && run.states.get(item.id)?.state;

describe('Testing view: the LAVA controller', () => {
  it('a followed job: job → suites → cases as results arrive, pass/fail/skip, measurement, message, LAVA suite last', async () => {
    const { controller, start } = setup();
    assert.equal(controller.label, 'LAVA');
    const job = start('12');
    const jobItem = controller.all()[0];
    assert.equal(controller.items.size, 1);
    assert.equal(jobItem.label, 'LAVA job 12');
    assert.equal(jobItem.uri?.scheme, 'lava-log');
    job.feed.add(
      c('lava', 'validate', 'pass', { logIndex: 3 }),
      c('0_smoke', 'boot', 'pass', { measurement: '1.5', unit: 'seconds', logIndex: 40 }),
    );
    job.feed.add(c('0_smoke', 'net', 'fail', { message: 'no link', logIndex: 50 }), c('0_smoke', 'usb', 'skip'));
    const run = controller.runs[0];
    assert.equal(run.persist, false);
    const suites = children(jobItem);
    assert.deepEqual(suites.map((s) => s.label).sort(), ['0_smoke', 'lava']);
    const lava = byLabel(suites, 'lava')!;
    const smoke = byLabel(suites, '0_smoke')!;
    assert.ok(smoke.sortText! < lava.sortText!, "LAVA's own suite sorts after the user's");
    const cases = children(smoke);
    const boot = byLabel(cases, 'boot')!;
    assert.equal(boot.description, '1.5 seconds');
    assert.equal(boot.range?.start.line, 40);
    assert.equal(stateOf(run, boot), 'passed');
    const net = byLabel(cases, 'net')!;
    assert.equal(stateOf(run, net), 'failed');
    const message = run.states.get(net.id)!.messages![0];
    assert.match(String(message.message), /no link/);
    assert.equal(message.location?.range.start.line, 50);
    assert.equal(message.location?.uri.toString(), net.uri?.toString());
    assert.equal(stateOf(run, byLabel(cases, 'usb')), 'skipped');
    assert.equal(stateOf(run, byLabel(children(lava), 'validate')), 'passed');
    assert.equal(run.ended, false, 'the run lasts while the job runs');
  });

  it("asks a log-tail server for no tests list at the end (it has no REST API): the run ends with the log's results", async () => {
    const { controller, start, reads } = setup();
    const job = start('14', 'text');
    job.feed.add(c('0_smoke', 'boot', 'pass', { logIndex: 3 }));
    job.end({ kind: 'finished' } as FollowEnd);
    await tick();
    await tick();
    assert.deepEqual(reads, []);
    assert.equal(controller.runs[0].ended, true);
  });

  it('at the end REST reconciles: same ids, REST outcome, then the run ends (failed job item)', async () => {
    const rest: TestCases = { cases: [{ suite: '0_smoke', name: 'boot', result: 'fail', startLogLine: 41 }], complete: true };
    const { controller, start, reads } = setup({ rest });
    const job = start('13');
    job.feed.add(c('0_smoke', 'boot', 'pass', { logIndex: 40 }));
    const before = controller.all().map((i) => i.id);
    job.end({ kind: 'finished' } as FollowEnd);
    await tick();
    await tick();
    assert.deepEqual(reads, ['13']);
    assert.deepEqual(
      controller.all().map((i) => i.id),
      before,
    );
    const run = controller.runs[0];
    const boot = controller.all().find((i) => i.label === 'boot')!;
    assert.equal(stateOf(run, boot), 'failed');
    assert.equal(boot.range?.start.line, 41);
    assert.equal(run.ended, true);
    assert.equal(stateOf(run, controller.all()[0]), 'failed');
  });

  it('ids are stable and unique: server + job + suite + case + occurrence; a repeated case is numbered', () => {
    const { controller, start } = setup();
    const job = start('14');
    job.feed.add(c('lava', 'file-download', 'pass'), c('lava', 'file-download', 'pass'));
    const ids = controller.all().map((i) => i.id);
    assert.equal(new Set(ids).size, ids.length);
    const downloads = controller.all().filter((i) => i.label.startsWith('file-download'));
    assert.deepEqual(
      downloads.map((i) => i.label),
      ['file-download', 'file-download (2)'],
    );
    assert.deepEqual(JSON.parse(downloads[1].id), ['case', SERVER, '14', 'lava', 'file-download', 1]);
    // Followed again (a reload): the same ids.
    const again = start('14');
    again.feed.add(c('lava', 'file-download', 'pass'), c('lava', 'file-download', 'pass'));
    assert.deepEqual(
      controller.all().map((i) => i.id),
      ids,
    );
    assert.equal(controller.runs[0].ended, true, 'the older run ended when the job was followed again');
  });

  it('a case is at its line in the rendered document, and moves when the document renders again', () => {
    const lines = new Map<string, LineMap>();
    const { controller, start, renders } = setup({ lines });
    const job = start('15');
    job.feed.add(c('0_smoke', 'boot', 'fail', { logIndex: 2 }));
    const boot = controller.all().find((i) => i.label === 'boot')!;
    assert.equal(boot.range?.start.line, 2, 'not rendered yet: the record line');
    const uri = JobLogDocuments.uri({ serverUrl: SERVER, jobId: '15' });
    const map = new LineMap();
    map.appendRecord(3); // record 0: three lines
    map.appendRecord(0); // record 1: hidden
    map.appendRecord(1); // record 2
    lines.set(uri.toString(), map);
    renders.fire(uri);
    assert.equal(boot.range?.start.line, 3);
  });

  it('10 000 cases are handed over a slice at a time (the thread is let go between slices)', async () => {
    const { controller, start } = setup();
    const job = start('16');
    const many = Array.from({ length: 10_000 }, (_, i) => c(`s${i % 10}`, `case${i}`, 'pass', { logIndex: i }));
    job.feed.add(...many);
    const cases = () => controller.all().filter((i) => i.label.startsWith('case')).length;
    assert.equal(cases(), CASES_PER_SLICE);
    let slices = 1;
    while (cases() < 10_000 && slices < 1000) {
      await tick();
      slices++;
    }
    assert.equal(cases(), 10_000);
    assert.equal(slices, Math.ceil(10_000 / CASES_PER_SLICE));
  });

  it('server text stays text: no codicon, one line, bounded', () => {
    const { controller, start } = setup();
    const job = start('17');
    job.feed.add(
      c('$(zap) suite\u202e', '[x](command:lava.cancelJob)\n$(bug)' + 'n'.repeat(5000), 'fail', {
        measurement: '$(alert)',
        message: 'a\nb $(x)',
      }),
    );
    for (const item of controller.all()) {
      assert.doesNotMatch(item.label, /\$\(/);
      assert.doesNotMatch(item.label, /[\n\u202e]/);
      assert.ok(item.label.length <= 210);
      assert.doesNotMatch(item.description ?? '', /\$\(/);
    }
    const failed = [...controller.runs[0].states.values()].find((s) => s.state === 'failed')!;
    const message = failed.messages![0].message;
    assert.equal(typeof message, 'string', 'a plain-text message, not Markdown');
    assert.doesNotMatch(String(message), /\$\(|\]\(|\u202e/);
  });

  it('Show Results of a job not followed: its REST list in a run that ends at once', async () => {
    const rest: TestCases = {
      cases: [
        { suite: 'lava', name: 'job', result: 'pass' },
        { suite: '0_smoke', name: 'boot', result: 'fail', startLogLine: 9 },
      ],
      complete: false,
    };
    const { tests, controller } = setup({ rest });
    await tests.show(SERVER, '20');
    while (controller.runs[0].ended === false) await tick();
    const run = controller.runs[0];
    const boot = controller.all().find((i) => i.label === 'boot');
    assert.ok(boot, 'the REST case is an item');
    assert.equal(stateOf(run, boot), 'failed');
    assert.match(run.output, /longer than what was read/);
  });
});
