import assert from 'node:assert/strict';
import { JobLog } from '../../../../src/core/log/jobLog';
import { LogRecord, parseRecordLine } from '../../../../src/core/log/records';
import type { TestCase } from '../../../../src/core/model/job';
import type { CaseResult } from '../../../../src/core/model/results';
import { fetchTestCases } from '../../../../src/core/protocols/rest/testResults';
import { caseFromRecord, CaseResults, MAX_CASES, MAX_FIELD_CHARS, MAX_MESSAGE_CHARS } from '../../../../src/core/results/caseResults';
import { loadOutputYaml } from '../../../simulator/fixtures';
import { addManyCasesJob } from '../../../simulator/resultsJobs';
import { LavaSimulator } from '../../../simulator/server';

const results = (msg: Record<string, unknown>): LogRecord => ({ dt: '2026-11-29T01:49:05.031040', lvl: 'results', msg });

/** A captured job's records fed to a CaseResults, line by line. */
function collect(run: 'complete' | 'incomplete'): CaseResults {
  const r = new CaseResults();
  loadOutputYaml(run).forEach((line, i) => r.add(parseRecordLine(line), i));
  r.flush();
  return r;
}

describe("CaseResults: cases from the log's `results` records", () => {
  it("reads the captured Incomplete job: LAVA's own cases and the user's, at their output.yaml line", () => {
    const lines = loadOutputYaml('incomplete');
    const r = collect('incomplete');
    assert.deepEqual(
      r.cases.map((c) => `${c.suite}/${c.name} ${c.outcome}`),
      [
        'lava/validate pass',
        'lava/file-download pass',
        'lava/file-download pass',
        'lava/execute-qemu pass',
        'lava/kernel-messages pass',
        'lava/login-action pass',
        '0_progress-demo/uname pass',
        '0_progress-demo/progress-loop fail',
        'lava/0_progress-demo fail',
        'lava/lava-test-interactive fail',
        'lava/lava-test-interactive-retry fail',
        'lava/job fail',
      ],
    );
    for (const c of r.cases) assert.match(lines[c.logIndex!], new RegExp(`"case": "${c.name}"`));
    const loop = r.cases.find((c) => c.name === 'progress-loop')!;
    assert.equal(loop.durationMs, 18360);
    assert.equal(loop.result, 'fail');
    const job = r.cases.find((c) => c.name === 'job')!;
    assert.equal(job.message, 'Test: progress reached 60, failing on purpose');
    assert.equal(r.cases.find((c) => c.name === 'lava-test-interactive')!.message, 'progress reached 60, failing on purpose');
    assert.equal(
      r.cases.find((c) => c.name === 'file-download')!.measurement,
      undefined,
      "LAVA's duration is a duration, not a measurement",
    );
  });

  it("reads a user case's measurement and units as lava_dispatcher logs them (a float, `units`)", () => {
    const c = caseFromRecord(results({ case: 'dd-speed', definition: '1_io', measurement: 12.5, result: 'pass', units: 'MB/s' }), 7)!;
    assert.deepEqual(c, {
      suite: '1_io',
      name: 'dd-speed',
      outcome: 'pass',
      result: 'pass',
      measurement: '12.5',
      unit: 'MB/s',
      logIndex: 7,
    });
  });

  for (const [what, record] of [
    ['another level', { dt: '', lvl: 'info', msg: { case: 'a', definition: 'b', result: 'pass' } }],
    ['a string message', { dt: '', lvl: 'results', msg: 'case: a' }],
    ['a list message', { dt: '', lvl: 'results', msg: ['a'] }],
    ['no case name', results({ definition: 'b', result: 'pass' })],
    ['no definition', results({ case: 'a', result: 'pass' })],
    ['a case that is a mapping', results({ case: { a: 1 }, definition: 'b', result: 'pass' })],
  ] as [string, LogRecord][]) {
    it(`takes no case from ${what}`, () => {
      const r = new CaseResults();
      r.add(record, 0);
      assert.equal(r.cases.length, 0);
    });
  }

  it("trims the case name as LAVA stores it (dbutils: `case.strip()`), so it matches the server's", () => {
    const r = new CaseResults();
    r.add(results({ case: '  spaced \t', definition: 's', result: 'pass' }), 4);
    r.reconcile([{ suite: 's', name: 'spaced', result: 'pass' }], true);
    assert.deepEqual(
      r.cases.map((c) => [c.name, c.logIndex]),
      [['spaced', 4]],
    );
  });

  it('maps any other result word to unknown, keeping the word; a bad duration is no duration', () => {
    const c = caseFromRecord(results({ case: 'a', definition: 'b', result: 'timeout', duration: '-1' }), 0)!;
    assert.equal(c.outcome, 'unknown');
    assert.equal(c.result, 'timeout');
    assert.equal(c.durationMs, undefined);
  });

  it('keeps untrusted names as written but bounded (codicons, links, bidi stay text for the escapers)', () => {
    const name = '$(check) [x](command:evil) \u202e' + 'n'.repeat(100_000);
    const c = caseFromRecord(
      results({ case: name, definition: '$(bug)', result: 'fail', error_type: 'Test', error_msg: 'm'.repeat(100_000) }),
      0,
    )!;
    assert.equal(c.name.length, MAX_FIELD_CHARS);
    assert.ok(c.name.startsWith('$(check) [x](command:evil) \u202e'));
    assert.ok(c.name.endsWith('…'));
    assert.equal(c.suite, '$(bug)');
    assert.equal(c.message!.length, MAX_MESSAGE_CHARS);
  });

  it(`keeps at most MAX_CASES (${MAX_CASES}) cases and counts the others`, () => {
    const r = new CaseResults();
    const rec = results({ case: 'a', definition: 'b', result: 'pass' });
    for (let i = 0; i < MAX_CASES + 5; i++) r.add(rec, i);
    assert.equal(r.cases.length, MAX_CASES);
    assert.equal(r.dropped, 5);
  });
});

describe('CaseResults in JobLog', () => {
  it('is fed by addLines and announces each batch once, after the cases are in', () => {
    const log = new JobLog();
    const batches: number[] = [];
    log.results.onDidChange((added) => batches.push(added.length));
    const lines = loadOutputYaml('complete').map((l, index) => ({ index, record: parseRecordLine(l) }));
    log.addLines(lines.slice(0, 300));
    log.addLines(lines.slice(300));
    log.addLines(lines.slice(600)); // read again: nothing new
    assert.equal(log.results.cases.length, collect('complete').cases.length);
    assert.deepEqual(
      batches,
      [
        lines.slice(0, 300).filter((l) => l.record.lvl === 'results').length,
        lines.slice(300).filter((l) => l.record.lvl === 'results').length,
      ].filter((n) => n > 0),
    );
  });
});

describe("CaseResults.reconcile: LAVA's test list makes the set exact", () => {
  const rest = (suite: string, name: string, result: string, extra: Partial<TestCase> = {}): TestCase => ({
    suite,
    name,
    result,
    ...extra,
  });

  it('REST wins on result and measurement, the record keeps its line, duration and message; a REST-only case is added', () => {
    const r = new CaseResults();
    r.add(results({ case: 'a', definition: 's', result: 'pass', measurement: 1.0, units: 'ms', duration: '2.5' }), 10);
    r.add(results({ case: 'job', definition: 'lava', result: 'fail', error_type: 'Test', error_msg: 'boom' }), 20);
    r.flush();
    const seen: (readonly CaseResult[])[] = [];
    r.onDidChange((v) => seen.push(v));
    r.reconcile(
      [
        rest('s', 'a', 'fail', { measurement: '3', unit: 'ms', startLogLine: 99 }),
        rest('lava', 'job', 'fail'),
        rest('s', 'b', 'skip', { startLogLine: 30 }),
      ],
      true,
    );
    assert.deepEqual(r.cases, [
      { suite: 's', name: 'a', outcome: 'fail', result: 'fail', measurement: '3', unit: 'ms', logIndex: 10, durationMs: 2500 },
      { suite: 'lava', name: 'job', outcome: 'fail', result: 'fail', message: 'Test: boom', logIndex: 20 },
      { suite: 's', name: 'b', outcome: 'skip', result: 'skip', logIndex: 30 },
    ]);
    assert.equal(r.complete, true);
    assert.equal(seen.length, 1);
    assert.equal(seen[0], r.cases, 'the whole set, the very array `cases` returns');
  });

  it('matches a repeated name by occurrence, and drops a record-only case when the list is complete', () => {
    const r = new CaseResults();
    r.add(results({ case: 'file-download', definition: 'lava', result: 'pass', duration: '0.01' }), 3);
    r.add(results({ case: 'file-download', definition: 'lava', result: 'pass', duration: '0.04' }), 4);
    r.add(results({ case: 'only-here', definition: 's', result: 'pass' }), 5);
    r.reconcile(
      [
        rest('lava', 'file-download', 'pass', { measurement: '0.01', unit: 'seconds' }),
        rest('lava', 'file-download', 'fail', { measurement: '0.04', unit: 'seconds' }),
      ],
      true,
    );
    assert.deepEqual(
      r.cases.map((c) => [c.name, c.logIndex, c.outcome, c.durationMs, c.measurement]),
      [
        ['file-download', 3, 'pass', 10, undefined],
        ['file-download', 4, 'fail', 40, undefined],
      ],
    );
  });

  it('keeps a record-only case when the list was not read to its end', () => {
    const r = new CaseResults();
    r.add(results({ case: 'a', definition: 's', result: 'pass' }), 1);
    r.add(results({ case: 'b', definition: 's', result: 'fail' }), 2);
    r.reconcile([rest('s', 'a', 'pass')], false);
    assert.deepEqual(
      r.cases.map((c) => c.name),
      ['a', 'b'],
    );
    assert.equal(r.complete, false);
  });

  it('a record read after the complete list adds no case: it gives its line to the case that had none', () => {
    const r = new CaseResults();
    r.add(results({ case: 'a', definition: 's', result: 'pass' }), 1);
    r.reconcile([rest('s', 'a', 'pass'), rest('s', 'b', 'fail'), rest('s', 'b', 'fail')], true);
    let value: readonly CaseResult[] | undefined;
    r.onDidChange((v) => (value = v));
    r.add(results({ case: 'b', definition: 's', result: 'fail' }), 9);
    r.add(results({ case: 'a', definition: 's', result: 'pass' }), 1); // read again
    r.flush();
    assert.deepEqual(
      r.cases.map((c) => [c.name, c.logIndex]),
      [
        ['a', 1],
        ['b', 9],
        ['b', undefined],
      ],
    );
    assert.equal(value, r.cases);
  });

  it('restart empties the set and announces it', () => {
    const r = new CaseResults();
    r.add(results({ case: 'a', definition: 's', result: 'pass' }), 1);
    r.reconcile([rest('s', 'a', 'pass')], true);
    let value: readonly CaseResult[] | undefined;
    r.onDidChange((v) => (value = v));
    r.restart();
    assert.equal(r.cases.length, 0);
    assert.equal(r.complete, false);
    assert.equal(value, r.cases);
  });
});

describe("CaseResults over the simulator: records, then LAVA's paged test list", function () {
  this.timeout(60000);
  let sim: LavaSimulator;
  before(async () => {
    sim = await LavaSimulator.start({ port: 0 });
    sim.addRestJob({
      id: '2',
      records: loadOutputYaml('incomplete'),
      health: 'Incomplete',
      batchIntervalMs: 0,
      linesPerSecond: 1e9,
      finishDelayMs: 0,
    });
    addManyCasesJob(sim, '7', 10_000);
  });
  after(async () => {
    await sim.close();
  });

  it('the captured Incomplete job: reconciled, every case keeps its record line and its result', async () => {
    const r = collect('incomplete');
    const before = r.cases.map((c) => [c.suite, c.name, c.outcome, c.logIndex]);
    const { cases, complete } = await fetchTestCases(sim.url, '2', { fetch, timeoutMs: 5000 });
    r.reconcile(cases, complete);
    assert.equal(r.complete, true);
    assert.deepEqual(
      r.cases.map((c) => [c.suite, c.name, c.outcome, c.logIndex]),
      before,
    );
  });

  it('a job of 10 000 more cases: the list read 500 a page (21 pages), the set exact', async () => {
    const lines = sim.restJob('7').records;
    const r = new CaseResults();
    lines.forEach((l, i) => r.add(parseRecordLine(l), i));
    const from = sim.requests.length;
    const { cases, complete } = await fetchTestCases(sim.url, '7', { fetch, timeoutMs: 10000 });
    const pages = sim.requests.slice(from).filter((q) => q.path.endsWith('/tests/'));
    assert.equal(complete, true);
    assert.equal(cases.length, 10_000 + 13);
    assert.equal(pages.length, Math.ceil(cases.length / 500));
    r.reconcile(cases, complete);
    assert.equal(r.cases.length, 10_013);
    assert.ok(r.cases.every((c) => c.logIndex !== undefined && lines[c.logIndex].includes(JSON.stringify(c.name))));
    const measured = r.cases.find((c) => c.name === 'case-00003')!;
    assert.deepEqual([measured.suite, measured.measurement, measured.unit], ['4_bulk', '3.5', 'MB/s']);
  });
});
