import assert from 'node:assert/strict';
import { fetchTestCases } from '../../../../../src/core/protocols/rest/testResults';
import { countResults, formatTestResults } from '../../../../../src/core/text/resultsText';
import { loadOutputYaml } from '../../../../simulator/fixtures';
import { LavaSimulator } from '../../../../simulator/server';

describe('test results (tests/) against the simulator', function () {
  this.timeout(20000);
  let sim: LavaSimulator;
  before(async () => {
    sim = await LavaSimulator.start({ port: 0 });
    sim.addRestJob({
      id: '2',
      records: loadOutputYaml('incomplete'),
      health: 'Incomplete',
      batchIntervalMs: 0,
      linesPerSecond: 100000,
      finishDelayMs: 0,
    });
  });
  after(async () => {
    await sim.close();
  });

  it('reads every test case with its suite, result and measurement', async () => {
    await new Promise((r) => setTimeout(r, 200));
    const { cases, complete } = await fetchTestCases(sim.url, '2', { fetch, timeoutMs: 5000 });
    assert.equal(complete, true);
    assert.equal(cases.length, 12);
    assert.deepEqual(countResults(cases), { pass: 7, fail: 5 });
    assert.deepEqual(cases[1], { suite: 'lava', name: 'file-download', result: 'pass', measurement: '0.01', unit: 'seconds' });
    assert.deepEqual(
      cases.find((c) => c.name === 'progress-loop'),
      { suite: '0_progress-demo', name: 'progress-loop', result: 'fail', measurement: undefined, unit: undefined },
    );
  });

  it('summarizes them as Markdown, suite by suite, failures first', async () => {
    const { cases } = await fetchTestCases(sim.url, '2', { fetch, timeoutMs: 5000 });
    const text = formatTestResults('LAVA job 2', cases);
    assert.match(text, /^# LAVA job 2\n\n\*\*7 passed, 5 failed\*\*\n/);
    assert.match(
      text,
      /## 0_progress-demo — 1 passed, 1 failed\n\n\| result \| test case \| measurement \|\n\|---\|---\|---\|\n\| \*\*fail\*\* \| progress-loop \| {2}\|\n\| pass \| uname \| {2}\|/,
    );
  });
});

describe('test results: start_log_line / end_log_line', () => {
  it('keeps them when they are non-negative integers (LAVA gives null when it has none)', async () => {
    const results = [
      { name: 'uname', result: 'pass', suite: 3, metadata: 'definition: 0_smoke\n', start_log_line: 120, end_log_line: 125 },
      { name: 'boot', result: 'fail', suite: 3, metadata: 'definition: 0_smoke\n', start_log_line: 90, end_log_line: null },
      { name: 'job', result: 'pass', suite: 4, metadata: 'definition: lava\n', start_log_line: null, end_log_line: null },
      { name: 'odd', result: 'skip', suite: 4, metadata: 'definition: lava\n', start_log_line: '7', end_log_line: -1 },
      { name: 'frac', result: 'skip', suite: 4, metadata: 'definition: lava\n', start_log_line: 1.5 },
    ];
    const fakeFetch = (async () =>
      new Response(JSON.stringify({ count: results.length, next: null, previous: null, results }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      })) as unknown as typeof fetch;
    const { cases } = await fetchTestCases('https://lava.example.org', '42', { fetch: fakeFetch, timeoutMs: 5000 });
    assert.deepEqual(
      cases.map((c) => [c.name, c.startLogLine, c.endLogLine]),
      [
        ['uname', 120, 125],
        ['boot', 90, undefined],
        ['job', undefined, undefined],
        ['odd', undefined, undefined],
        ['frac', undefined, undefined],
      ],
    );
    assert.ok(!('startLogLine' in cases[2]), 'no key when there is no line');
  });
});
