import assert from 'node:assert/strict';
import { ApiDetector } from '../../src/core/apiDetect';
import { countResults, fetchTestCases, formatTestResults, resultCountsText } from '../../src/core/testResults';
import { loadOutputYaml } from '../simulator/fixtures';
import { LavaSimulator } from '../simulator/server';

describe('test results (tests/) against the simulator', function () {
  this.timeout(20000);
  let sim: LavaSimulator;
  before(async () => {
    sim = await LavaSimulator.start({ port: 0 });
    sim.addRestJob({ id: '2', records: loadOutputYaml('incomplete'), health: 'Incomplete', batchIntervalMs: 0, linesPerSecond: 100000, finishDelayMs: 0 });
  });
  after(async () => {
    await sim.close();
  });

  it('reads every test case with its suite, result and measurement', async () => {
    await new Promise((r) => setTimeout(r, 200));
    const cases = await fetchTestCases(sim.url, '2', { fetch, timeoutMs: 5000 });
    assert.equal(cases.length, 12);
    assert.deepEqual(countResults(cases), { pass: 7, fail: 5 });
    assert.deepEqual(cases[1], { suite: 'lava', name: 'file-download', result: 'pass', measurement: '0.01', unit: 'seconds' });
    assert.deepEqual(cases.find((c) => c.name === 'progress-loop'), { suite: '0_progress-demo', name: 'progress-loop', result: 'fail', measurement: undefined, unit: undefined });
  });

  it('summarizes them as Markdown, suite by suite, failures first', async () => {
    const cases = await fetchTestCases(sim.url, '2', { fetch, timeoutMs: 5000 });
    const text = formatTestResults('LAVA job 2', cases);
    assert.match(text, /^# LAVA job 2\n\n\*\*7 passed, 5 failed\*\*\n/);
    assert.match(text, /## 0_progress-demo — 1 passed, 1 failed\n\n\| result \| test case \| measurement \|\n\|---\|---\|---\|\n\| \*\*fail\*\* \| progress-loop \|  \|\n\| pass \| uname \|  \|/);
  });

  it('words counts in a fixed order', () => {
    assert.equal(resultCountsText({ fail: 1, skip: 2, pass: 12 }), '12 passed, 1 failed, 2 skipped');
    assert.equal(formatTestResults('T', []), '# T\n\nNo test results.\n');
  });
});

describe('ApiDetector', () => {
  it('asks /api/v0.2/ once per server: REST where it answers, log-tail where it is 404', async () => {
    const rest = await LavaSimulator.start({ port: 0 });
    let asked = 0;
    const countingFetch: typeof fetch = (input, init) => {
      asked++;
      return fetch(input, init);
    };
    const apis = new ApiDetector(countingFetch, 5000);
    const server = { name: 'sim', url: rest.url, api: 'auto' as const };
    try {
      assert.equal(await apis.resolve(server), 'rest');
      assert.equal(await apis.resolve(server), 'rest');
      assert.equal(asked, 1);
      assert.equal(await apis.resolve({ ...server, api: 'log-tail' }), 'log-tail');
      rest.fault({ kind: 'http404' });
      assert.equal(await new ApiDetector(fetch, 5000).resolve(server), 'log-tail');
    } finally {
      await rest.close();
    }
  });

  it('asks again after a failure instead of remembering it', async () => {
    const sim = await LavaSimulator.start({ port: 0 });
    const apis = new ApiDetector(fetch, 5000);
    const server = { name: 'sim', url: sim.url, api: 'auto' as const };
    try {
      sim.fault({ kind: 'http502' });
      await assert.rejects(apis.resolve(server), (e: Error & { kind?: string }) => e.kind === 'server');
      assert.equal(await apis.resolve(server), 'rest');
    } finally {
      await sim.close();
    }
  });
});
