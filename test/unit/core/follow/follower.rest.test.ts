import assert from 'node:assert/strict';
import { ApiDetector } from '../../../../src/core/protocols/apiDetect';
import { systemClock } from '../../../../src/core/follow/clock';
import { JobFollower } from '../../../../src/core/follow/follower';
import { formatRecord, FormatOptions } from '../../../../src/core/log/format';
import { parseRecords } from '../../../../src/core/log/records';
import { finishMessage } from '../../../../src/core/text/messages';
import { RestSource } from '../../../../src/core/protocols/rest/restSource';
import { createLogSource } from '../../../../src/core/protocols/createLogSource';
import { loadOutputYaml } from '../../../simulator/fixtures';
import { LavaSimulator } from '../../../simulator/server';
import { fastFollow, RecordingSink } from '../../helpers';

const format: FormatOptions = { showTime: true };

/** What the channel must show for a whole fixture log: each record formatted, once, in order. */
function expectedText(lines: string[], opts: FormatOptions = format): string {
  return parseRecords(lines.join('\n') + '\n')
    .records.map((r) => formatRecord(r, opts))
    .join('');
}

describe('JobFollower over REST API v0.2 (real HTTP against the simulator)', function () {
  this.timeout(60000);
  let sim: LavaSimulator;

  beforeEach(async () => {
    sim = await LavaSimulator.start({ port: 0, token: 'tok' });
  });
  afterEach(async () => {
    await sim.close();
  });

  function follow(jobId: string, opts: { token?: string; format?: FormatOptions; pageSize?: number } = {}) {
    const sink = new RecordingSink();
    const token = opts.token === undefined ? 'tok' : opts.token;
    const source = new RestSource({
      fetch,
      serverUrl: sim.url,
      jobId,
      timeoutMs: 5000,
      credentials: token ? { serverUrl: sim.url, token } : undefined,
      format: opts.format ?? format,
      clock: systemClock,
      pageSize: opts.pageSize,
      finishCheckMs: 50,
    });
    return { sink, source, end: new JobFollower(source, sink, systemClock, fastFollow).run() };
  }

  const fast = { batchIntervalMs: 300, linesPerSecond: 2000, finishDelayMs: 300 };

  it('says once that the job waits for a device, then delivers every record once, in order, in bursts', async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '1', records, health: 'Complete', submittedMs: 600, ...fast, linesPerSecond: 700 });
    const { sink, source, end } = follow('1');
    const result = await end;
    assert.equal(result.kind, 'finished');
    assert.equal(sink.text, expectedText(records));
    assert.equal(source.offset, records.length);
    const statuses = sink.notices.filter((n) => n.kind === 'status');
    assert.equal(statuses.length, 1, 'the waiting status was repeated');
    assert.match(statuses[0].kind === 'status' ? statuses[0].message : '', /Submitted: waiting for a device/);
    // Bursts: the log arrived in several batches, and polls that found nothing got a 404 (not an error).
    const logPolls = sim.requests.filter((r) => r.path.endsWith('/logs/'));
    assert.ok(sink.chunks.length >= 2, `one burst only (${sink.chunks.length})`);
    assert.ok(logPolls.length > sink.chunks.length, 'no nothing-new polls');
    assert.equal(sink.count('reconnecting'), 0);
  });

  for (const [run, health] of [
    ['complete', 'Complete'],
    ['incomplete', 'Incomplete'],
    ['canceled', 'Canceled'],
  ] as const) {
    it(`ends a ${health} job with its health, results and reason in the notification text`, async () => {
      const records = loadOutputYaml(run);
      sim.addRestJob({ id: '2', records, health, ...fast });
      const { sink, end } = follow('2');
      const result = await end;
      assert.ok(result.kind === 'finished' && result.outcome);
      assert.equal(sink.text, expectedText(records));
      const message = finishMessage('LAVA job 2', result.outcome);
      if (health === 'Complete') {
        assert.deepEqual(message, { severity: 'information', text: 'LAVA job 2 Complete — 12 passed, 1 failed' });
      } else if (health === 'Incomplete') {
        assert.deepEqual(message, { severity: 'error', text: 'LAVA job 2 Incomplete — Test: progress reached 60, failing on purpose' });
      } else {
        assert.deepEqual(message, { severity: 'warning', text: 'LAVA job 2 Canceled — Canceled: The job was canceled' });
      }
    });
  }

  it("reads the job state only at the start and after the log's last record while the log flows (5 kB a read)", async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '3', records, health: 'Complete', ...fast, batchIntervalMs: 100, linesPerSecond: 300 });
    const { sink, end } = follow('3');
    let lastRecordAt = 0;
    const append = sink.append.bind(sink);
    sink.append = (text) => {
      if (text.includes('RESULT lava/job:')) lastRecordAt = Date.now();
      append(text);
    };
    await end;
    const jobReads = sim.requests.filter((r) => /\/jobs\/3\/$/.test(r.path));
    const logReads = sim.requests.filter((r) => r.path.endsWith('/logs/') && r.time < lastRecordAt);
    const whileFlowing = jobReads.filter((r) => r.time < lastRecordAt).length;
    assert.ok(lastRecordAt > 0);
    assert.ok(logReads.length >= 5, `only ${logReads.length} log reads`);
    assert.equal(whileFlowing, 1, `${whileFlowing} job reads during ${logReads.length} log reads`);
    assert.ok(jobReads.length > whileFlowing, 'the job state was not read after the last record');
  });

  it('hides the levels the user does not want and the time when asked', async () => {
    const records = loadOutputYaml('incomplete');
    const opts: FormatOptions = { showTime: false, levels: new Set(['error', 'results', 'target']) };
    sim.addRestJob({ id: '4', records, health: 'Incomplete', ...fast });
    const { sink, end } = follow('4', { format: opts });
    await end;
    assert.equal(sink.text, expectedText(records, opts));
    assert.ok(!/^\d\d:\d\d:\d\d /m.test(sink.text));
    assert.ok(!sink.text.includes('start: 1 deployimages'));
  });

  it('ends with an authentication error on a bad token (403 "Invalid token.")', async () => {
    sim.addRestJob({ id: '5', records: loadOutputYaml('complete'), health: 'Complete', ...fast });
    const { end, sink } = follow('5', { token: 'wrong' });
    const result = await end;
    assert.ok(result.kind === 'failed' && result.error.kind === 'unauthorized' && result.error.status === 403);
    assert.match(result.kind === 'failed' ? result.error.message : '', /Invalid token/);
    assert.equal(sink.text, '');
  });

  it('ends with not-found for a private job seen without a token', async () => {
    sim.addRestJob({ id: '6', records: loadOutputYaml('complete'), health: 'Complete', private: true, ...fast });
    const { end } = follow('6', { token: '' });
    const result = await end;
    assert.ok(result.kind === 'failed' && result.error.kind === 'not-found');
  });

  it('resumes at the same record after server errors and a dropped connection', async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '7', records, health: 'Complete', ...fast });
    const { sink, source, end } = follow('7');
    while (source.offset < 100) await systemClock.sleep(5);
    sim.fault({ jobId: '7', kind: 'http502', count: 2 });
    sim.fault({ jobId: '7', kind: 'drop', count: 1 });
    await end;
    assert.equal(sink.text, expectedText(records));
    assert.equal(sink.count('reconnecting'), 1);
  });

  it('leaves a last line without its newline for the next poll: no record lost, none twice', async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '9', records, health: 'Complete', ...fast, linesPerSecond: 700 });
    const { sink, source, end } = follow('9');
    while (source.offset < 50) await systemClock.sleep(5);
    sim.fault({ jobId: '9', kind: 'half-line', count: 3 });
    await end;
    assert.equal(sink.text, expectedText(records));
    assert.equal(sink.count('reconnecting'), 0);
  });

  it('asks for pages of records (start/end) so a huge log never arrives in one answer', async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '10', records, health: 'Complete', batchIntervalMs: 0, linesPerSecond: 100000, finishDelayMs: 0 });
    await systemClock.sleep(100);
    const { sink, end } = follow('10', { pageSize: 100 });
    await end;
    assert.equal(sink.text, expectedText(records));
    const pages = sim.requests.filter((r) => r.path.endsWith('/logs/')).map((r) => [Number(r.query.start), Number(r.query.end)]);
    assert.ok(pages.length >= Math.ceil(records.length / 100), `${pages.length} pages`);
    for (const [start, end] of pages) assert.equal(end - start, 100);
    assert.deepEqual(
      pages.slice(0, 3).map(([start]) => start),
      [0, 100, 200],
    );
  });

  it('auto-detects REST from /api/v0.2/ and follows through createLogSource', async () => {
    const records = loadOutputYaml('canceled');
    sim.addRestJob({ id: '8', records, health: 'Canceled', ...fast });
    const sink = new RecordingSink();
    const source = createLogSource({ name: 'sim', url: sim.url, api: 'auto' }, '8', {
      fetch,
      timeoutMs: 5000,
      credentials: { serverUrl: sim.url, token: 'tok' },
      apis: new ApiDetector(fetch, 5000),
      format,
      clock: systemClock,
    });
    const result = await new JobFollower(source, sink, systemClock, fastFollow).run();
    assert.ok(result.kind === 'finished' && result.outcome?.health === 'Canceled');
    assert.equal(sink.text, expectedText(records));
    assert.equal(sim.requests.filter((r) => r.path === '/api/v0.2/').length, 1);
  });
});
