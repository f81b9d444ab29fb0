import assert from 'node:assert/strict';
import { ApiDetector } from '../../../../src/core/protocols/apiDetect';
import { Clock, systemClock } from '../../../../src/core/util/clock';
import { BAD_ANSWER_RETRIES, JobFollower } from '../../../../src/core/follow/follower';
import { formatBody, formatRecord, FormatOptions } from '../../../../src/core/log/format';
import { parseRecords } from '../../../../src/core/log/records';
import { finishMessage, followErrorText, sourceEventText } from '../../../../src/core/text/messages';
import { RestSource } from '../../../../src/core/protocols/rest/restSource';
import { LogRecord } from '../../../../src/core/log/records';
import { LogData } from '../../../../src/core/follow/logSource';
import { RecordText } from '../../../../src/core/follow/recordText';
import { createLogSource } from '../../../../src/core/protocols/createLogSource';
import { loadOutputYaml } from '../../../simulator/fixtures';
import { LavaSimulator } from '../../../simulator/server';
import { fastFollow, gate, RecordingSink, VirtualClock } from '../../helpers';

const format: FormatOptions = { time: 'utc' };

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

  function follow(
    jobId: string,
    opts: {
      token?: string;
      format?: FormatOptions;
      pageSize?: number;
      sourceClock?: Clock;
      jobState?: 'auto' | 'rest';
      username?: string;
    } = {},
  ) {
    const sink = new RecordingSink({ format: opts.format ?? format, jobId });
    const token = opts.token === undefined ? 'tok' : opts.token;
    const source = new RestSource({
      fetch,
      serverUrl: sim.url,
      jobId,
      timeoutMs: 5000,
      credentials: token ? { serverUrl: sim.url, token } : undefined,
      clock: opts.sourceClock ?? systemClock,
      pageSize: opts.pageSize,
      finishCheckMs: 50,
      jobState: opts.jobState,
      username: opts.username,
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
    // The health is the finished job's, not the one read while it waited (Unknown).
    assert.equal(result.kind === 'finished' && result.outcome?.health, 'Complete');
    assert.equal(sink.text, expectedText(records));
    assert.equal(source.offset, records.length);
    const queued = sink.notices.filter((n) => n.kind === 'queued');
    assert.equal(queued.length, 1, 'the waiting status was repeated');
    assert.match(queued[0].kind === 'queued' ? sourceEventText(queued[0]) : '', /^Job 1 is Submitted: waiting for a device/);
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
    // The source's clock stands still: its safety-net state check cannot come due, however slow the machine.
    const { sink, end } = follow('3', { sourceClock: new VirtualClock(), jobState: 'rest' });
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

  it('reads the job state over XML-RPC (scheduler.job_state, ~350 B) and never the 4 kB REST job of a job that ends Complete', async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '40', records, health: 'Complete', ...fast, batchIntervalMs: 100, linesPerSecond: 300 });
    const { sink, end } = follow('40');
    const result = await end;
    assert.ok(result.kind === 'finished' && result.outcome?.health === 'Complete', JSON.stringify(result));
    assert.equal(sink.text, expectedText(records));
    assert.equal(sim.requests.filter((r) => /\/jobs\/40\/$/.test(r.path)).length, 0);
    assert.ok(sim.requests.filter((r) => r.path === '/RPC2' && r.jobId === '40').length >= 2);
  });

  it("reads a Finished job's state once, however many pages its log takes, even when LAVA's lava/job result comes early", async () => {
    const records = loadOutputYaml('complete');
    // The state is asked again after that record while a job runs; a Finished job's is final.
    const at = records.findIndex((r) => r.includes('"definition": "lava"') && r.includes('"case": "job"'));
    assert.ok(at > 0, 'the fixture has no lava/job result');
    const early = [...records.slice(0, 3), records[at], ...records.slice(3, at), ...records.slice(at + 1)];
    // linesPerSecond 0, finishDelayMs 0: every record visible and the job Finished from the start.
    const job = sim.addRestJob({ id: '41', records: early, health: 'Complete', batchIntervalMs: 0, linesPerSecond: 0, finishDelayMs: 0 });
    assert.ok(job.finished);
    const { sink, end } = follow('41', { pageSize: 20 });
    const result = await end;
    assert.ok(result.kind === 'finished' && result.outcome?.health === 'Complete', JSON.stringify(result));
    assert.equal(sink.text, expectedText(early));
    const pages = sim.requests.filter((r) => r.path.endsWith('/logs/') && r.jobId === '41').length;
    assert.ok(pages >= early.length / 20, `${pages} pages`);
    // One scheduler.job_state at the start, one scheduler.job_health at the end.
    assert.equal(sim.requests.filter((r) => r.path === '/RPC2' && r.jobId === '41').length, 2);
  });

  it('reads the state of a job whose log has been quiet for a minute, once a minute, and its log in the same poll', async () => {
    sim.addRestJob({ id: '44', records: loadOutputYaml('complete'), health: 'Complete', submittedMs: 0, linesPerSecond: 0.0001 });
    const clock = new VirtualClock();
    const source = new RestSource({
      fetch,
      serverUrl: sim.url,
      jobId: '44',
      timeoutMs: 5000,
      credentials: { serverUrl: sim.url, token: 'tok' },
      clock,
    });
    const signal = new AbortController().signal;
    const asked = async () => {
      const before = sim.requests.length;
      let delivered = 0;
      const batch = await source.next(signal, (data) => (delivered += data.kind === 'records' ? data.lines.length : 0));
      const paths = sim.requests
        .slice(before)
        .map((r) => (r.path.includes('/logs/') ? 'logs' : /RPC2|\/jobs\/44\/$/.test(r.path) ? 'state' : r.path));
      return { batch, paths, delivered };
    };
    // The first poll: the job's state (it runs), then its log (nothing yet).
    assert.deepEqual((await asked()).paths, ['state', 'logs']);
    clock.advance(20_000);
    assert.deepEqual((await asked()).paths, ['logs']);
    clock.advance(30_000);
    assert.deepEqual((await asked()).paths, ['logs']);
    // 60 s after the last state read, with a quiet log: the state, then the log (a line that came is not held back)…
    clock.advance(11_000);
    const net = await asked();
    assert.deepEqual(net.paths, ['state', 'logs']);
    assert.equal(net.batch.finished, false);
    // …and the next poll reads the log alone again.
    assert.deepEqual((await asked()).paths, ['logs']);
    // A line, then 59 s of quiet log: no state read yet (a job booting is quiet that long)…
    clock.advance(5_000);
    sim.restJob('44').appendNow(1);
    const line = await asked();
    assert.deepEqual(line.paths, ['logs']);
    assert.ok(line.delivered > 0);
    clock.advance(59_000);
    assert.deepEqual((await asked()).paths, ['logs']);
    // …a minute of it: the state.
    clock.advance(1_000);
    assert.deepEqual((await asked()).paths, ['state', 'logs']);
  });

  it("gives LAVA's failure_comment as the reason of a job that did not complete, before the log's lava/job error, with the state over XML-RPC", async () => {
    const records = loadOutputYaml('incomplete');
    sim.addRestJob({ id: '45', records, health: 'Incomplete', failureComment: 'The comment LAVA stored', ...fast });
    const { sink, end } = follow('45');
    const result = await end;
    assert.ok(result.kind === 'finished', JSON.stringify(result));
    assert.equal(result.outcome?.health, 'Incomplete');
    assert.equal(result.outcome?.reason, 'The comment LAVA stored');
    assert.equal(sink.text, expectedText(records));
    assert.ok(
      sim.requests.some((r) => r.path.endsWith('/RPC2')),
      'the state was not read over XML-RPC',
    );
  });

  it("gives the log's lava/job error as the reason of a job that did not complete when LAVA stored no failure_comment", async () => {
    const records = loadOutputYaml('incomplete');
    sim.addRestJob({ id: '46', records, health: 'Incomplete', ...fast });
    const { end } = follow('46');
    const result = await end;
    assert.ok(result.kind === 'finished', JSON.stringify(result));
    assert.equal(result.outcome?.reason, 'Test: progress reached 60, failing on purpose');
  });

  it('falls back to the REST job for good when /RPC2 does not answer job_state', async () => {
    const records = loadOutputYaml('incomplete');
    sim.addRestJob({ id: '41', records, health: 'Incomplete', ...fast });
    let rpcCalls = 0;
    const noRpc: typeof fetch = (input, init) => {
      if (String(input).includes('/RPC2')) {
        rpcCalls++;
        return Promise.resolve(new Response('<html>Not Found</html>', { status: 404, headers: { 'Content-Type': 'text/html' } }));
      }
      return fetch(input, init);
    };
    const sink = new RecordingSink();
    const source = new RestSource({
      fetch: noRpc,
      serverUrl: sim.url,
      jobId: '41',
      timeoutMs: 5000,
      credentials: { serverUrl: sim.url, token: 'tok' },
      clock: systemClock,
      finishCheckMs: 50,
    });
    const result = await new JobFollower(source, sink, systemClock, fastFollow).run();
    assert.ok(result.kind === 'finished' && result.outcome?.health === 'Incomplete', JSON.stringify(result));
    assert.equal(sink.text, expectedText(records));
    assert.equal(rpcCalls, 1);
    assert.ok(sim.requests.filter((r) => /\/jobs\/41\/$/.test(r.path)).length >= 2);
  });

  it('keeps the records of the last log read when the health read after it fails (none lost, none twice)', async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '42', records, health: 'Complete', batchIntervalMs: 0, linesPerSecond: 100000, finishDelayMs: 0 });
    await systemClock.sleep(100);
    let healthCalls = 0;
    const failingHealth: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/RPC2') && String(init?.body).includes('scheduler.job_health') && healthCalls++ === 0) {
        return new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } });
      }
      return fetch(input, init);
    };
    const sink = new RecordingSink();
    const source = new RestSource({
      fetch: failingHealth,
      serverUrl: sim.url,
      jobId: '42',
      timeoutMs: 5000,
      credentials: { serverUrl: sim.url, token: 'tok' },
      clock: systemClock,
      finishCheckMs: 50,
    });
    const result = await new JobFollower(source, sink, systemClock, fastFollow).run();
    assert.ok(result.kind === 'finished' && result.outcome?.health === 'Complete', JSON.stringify(result));
    assert.equal(healthCalls, 2);
    assert.equal(sink.text, expectedText(records));
  });

  it('asks /RPC2 anonymously without a username: a private job is refused (fault 403), so its state comes from the REST job', async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '43', records, health: 'Complete', private: true, ...fast });
    const { sink, end } = follow('43');
    const result = await end;
    assert.ok(result.kind === 'finished' && result.outcome?.health === 'Complete', JSON.stringify(result));
    assert.equal(sink.text, expectedText(records));
    const rpc = sim.requests.filter((r) => r.path === '/RPC2' && r.jobId === '43');
    assert.equal(rpc.length, 1, 'XML-RPC asked again after it refused');
    assert.equal(rpc[0].authorization, undefined, 'a token went to /RPC2 without a username');
    const jobReads = sim.requests.filter((r) => /\/jobs\/43\/$/.test(r.path));
    assert.ok(jobReads.length >= 2);
    for (const r of jobReads) assert.equal(r.authorization, 'Token tok');
  });

  it("with the server's username, asks /RPC2 with Basic user:token and reads a private job's state there", async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '44', records, health: 'Complete', private: true, ...fast, batchIntervalMs: 100, linesPerSecond: 300 });
    const { sink, end } = follow('44', { username: 'admin' });
    const result = await end;
    assert.ok(result.kind === 'finished' && result.outcome?.health === 'Complete', JSON.stringify(result));
    assert.equal(sink.text, expectedText(records));
    const rpc = sim.requests.filter((r) => r.path === '/RPC2' && r.jobId === '44');
    assert.ok(rpc.length >= 2);
    for (const r of rpc) assert.equal(r.authorization, `Basic ${Buffer.from('admin:tok').toString('base64')}`);
    assert.equal(sim.requests.filter((r) => /\/jobs\/44\/$/.test(r.path)).length, 0);
  });

  it('says once in the channel when /RPC2 refuses the token as the configured user, and reads the state over REST', async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '46', records, health: 'Complete', ...fast });
    const { sink, end } = follow('46', { username: 'nobody' });
    const result = await end;
    assert.ok(result.kind === 'finished' && result.outcome?.health === 'Complete', JSON.stringify(result));
    assert.equal(sink.text, expectedText(records));
    const said = sink.notices.flatMap((n) => (n.kind === 'rpc-refused' ? [sourceEventText(n)] : []));
    assert.deepEqual(said, [
      `${sim.url}/RPC2 refused the token as user "nobody" (HTTP 401): is that your user name on this server ` +
        "(lava.servers' username)? The job's state is read over REST instead.",
    ]);
    assert.equal(sim.requests.filter((r) => r.path === '/RPC2').length, 1);
    assert.ok(sim.requests.filter((r) => /\/jobs\/46\/$/.test(r.path)).length >= 1);
  });

  it('says nothing about /RPC2 when it is asked anonymously', async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '47', records, health: 'Complete', private: true, ...fast });
    const { sink, end } = follow('47');
    assert.equal((await end).kind, 'finished');
    assert.ok(!sink.notices.some((n) => n.kind === 'rpc-refused'), JSON.stringify(sink.notices));
  });

  it('hides the levels the user does not want and the time when asked', async () => {
    const records = loadOutputYaml('incomplete');
    const opts: FormatOptions = { time: 'hidden', levels: new Set(['error', 'results', 'target']) };
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
      clock: systemClock,
    });
    const result = await new JobFollower(source, sink, systemClock, fastFollow).run();
    assert.ok(result.kind === 'finished' && result.outcome?.health === 'Canceled');
    assert.equal(sink.text, expectedText(records));
    assert.equal(sim.requests.filter((r) => r.path === '/api/v0.2/').length, 1);
  });
});

/** A clock whose waits take no real time: the follower's retries run at once, in order. */
function instantClock(): VirtualClock {
  return new VirtualClock({ auto: true });
}

/** `fetch` that rewrites the JSON of one path's answers (real HTTP underneath). */
function rewritingFetch(pathEnd: string, rewrite: (json: Record<string, unknown>) => void): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (!String(input).endsWith(pathEnd) || res.status !== 200) return res;
    const json = (await res.json()) as Record<string, unknown>;
    rewrite(json);
    return new Response(JSON.stringify(json), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
}

describe('JobFollower over REST: answers that are not the protocol, and exactness', function () {
  this.timeout(60000);
  let sim: LavaSimulator;
  const fast = { batchIntervalMs: 0, linesPerSecond: 100000, finishDelayMs: 0 };

  beforeEach(async () => {
    sim = await LavaSimulator.start({ port: 0, token: 'tok' });
  });
  afterEach(async () => {
    await sim.close();
  });

  function follow(
    jobId: string,
    opts: {
      fetch?: typeof fetch;
      clock?: Clock;
      format?: FormatOptions;
      formatter?: (record: LogRecord) => string;
      serverUrl?: string;
      jobState?: 'auto' | 'rest';
      pageSize?: number;
    } = {},
  ) {
    const sink = new RecordingSink({ format: opts.format ?? format, jobId, formatter: opts.formatter });
    const clock = opts.clock ?? instantClock();
    const source = new RestSource({
      fetch: opts.fetch ?? fetch,
      serverUrl: opts.serverUrl ?? sim.url,
      jobId,
      timeoutMs: 5000,
      credentials: { serverUrl: sim.url, token: 'tok' },
      clock,
      finishCheckMs: 50,
      jobState: opts.jobState,
      pageSize: opts.pageSize,
    });
    return { sink, source, end: new JobFollower(source, sink, clock, fastFollow).run() };
  }

  it('ends, after a few tries, on a job state it does not know, naming it (no endless retries)', async () => {
    sim.addRestJob({ id: '20', records: loadOutputYaml('complete'), health: 'Complete', ...fast });
    const odd = rewritingFetch('/jobs/20/', (job) => (job.state = 'Paused'));
    const { end } = follow('20', { fetch: odd, jobState: 'rest' });
    const result = await end;
    assert.ok(result.kind === 'failed' && result.error.kind === 'bad-response', JSON.stringify(result));
    assert.match(result.error.message, /state "Paused", which LAVA Follow does not know/);
    assert.equal(sim.requests.filter((r) => r.path === '/api/v0.2/jobs/20/').length, BAD_ANSWER_RETRIES + 1);
  });

  it('ends with a clear error on an HTML page where the log should be, never showing it as log lines', async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '21', records, health: 'Complete', batchIntervalMs: 50, linesPerSecond: 200, finishDelayMs: 0 });
    const { sink, source, end } = follow('21', { clock: systemClock });
    while (source.offset < 20) await systemClock.sleep(5);
    for (let i = 0; i < 10; i++) sim.fault({ jobId: '21', kind: 'html-200' });
    const result = await end;
    assert.ok(result.kind === 'failed' && result.error.kind === 'bad-response', JSON.stringify(result));
    assert.match(result.error.message, /answered an HTML page/);
    assert.equal(sink.text, expectedText(records.slice(0, source.offset)));
    assert.ok(!sink.text.includes('Sign in'));
    assert.match(followErrorText(result.error, 'LAVA job 21', 'sim'), /did not answer like a LAVA server.*Check the server URL/);
  });

  it('names an HTML page where the job should be (not "not JSON")', async () => {
    sim.addRestJob({ id: '30', records: loadOutputYaml('complete'), health: 'Complete', ...fast });
    for (let i = 0; i < 10; i++) sim.fault({ jobId: '30', kind: 'html-200' });
    const result = await follow('30').end;
    assert.ok(result.kind === 'failed' && result.error.kind === 'bad-response', JSON.stringify(result));
    assert.match(result.error.message, /answered an HTML page: is the URL right/);
  });

  it('reads a log answer as it arrives: pieces of 1 to 13 bytes cut lines and UTF-8 characters anywhere, every record once', async () => {
    const records = [
      ...loadOutputYaml('complete').slice(0, 300),
      '- {"dt": "2026-11-29T01:48:14.820753", "lvl": "target", "msg": "Grüße ✓ 日本語 🚀 é"}',
      '',
      '- {"dt": "2026-11-29T01:48:14.820753", "lvl": "target", "msg": "' + '🚀é'.repeat(3000) + '"}',
      ...loadOutputYaml('complete').slice(300),
    ];
    const job = sim.addRestJob({ id: '33', records, health: 'Complete', ...fast, linesPerSecond: 0 }); // Finished from the start
    assert.ok(job.finished);
    let pieces = 0;
    const chopping: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).includes('/logs/') || !res.body) return res;
      const bytes = new Uint8Array(await res.arrayBuffer());
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0, n = 1; at < bytes.length; at += n, n = (n % 13) + 1) {
            controller.enqueue(bytes.slice(at, at + n));
            pieces++;
          }
          controller.close();
        },
      });
      return new Response(body, { status: res.status, headers: res.headers });
    };
    const { sink, source, end } = follow('33', { fetch: chopping });
    const result = await end;
    assert.equal(result.kind, 'finished');
    assert.ok(pieces > records.length, `${pieces} pieces`);
    assert.equal(sink.text, expectedText(records));
    assert.equal(source.offset, records.length);
    assert.deepEqual(
      sink.recordIndexes,
      records.flatMap((r, i) => (r === '' ? [] : [i])),
    );
  });

  it('keeps the whole lines of an answer that breaks off half-way and asks again from the next line: every record once', async () => {
    const records = loadOutputYaml('complete');
    const job = sim.addRestJob({ id: '34', records, health: 'Complete', ...fast, linesPerSecond: 0 }); // Finished from the start
    assert.ok(job.finished);
    // The simulator's fault goes to the next request about the job: set it just before the first logs/ read.
    let armed = false;
    const breaking: typeof fetch = (input, init) => {
      if (!armed && String(input).includes('/logs/')) {
        armed = true;
        sim.fault({ jobId: '34', kind: 'reset-mid-body', count: 1 });
      }
      return fetch(input, init);
    };
    const { sink, end } = follow('34', { fetch: breaking, pageSize: 200 });
    const result = await end;
    assert.equal(result.kind, 'finished');
    assert.equal(sim.injectedCounts()['reset-mid-body'], 1);
    assert.equal(sink.text, expectedText(records));
    assert.deepEqual(sink.recordIndexes, [...records.keys()]);
    const starts = sim.requests.filter((r) => r.path.endsWith('/logs/')).map((r) => Number(r.query.start));
    assert.equal(starts[0], 0);
    assert.ok(starts[1] > 0 && starts[1] < 200, `the read after the break asked from line ${starts[1]}`);
  });

  it('checks a log answer that begins with a long run of blanks and newlines: an HTML page after it is still an HTML page', async () => {
    sim.addRestJob({ id: '35', records: loadOutputYaml('complete'), health: 'Complete', ...fast });
    const page =
      ' \n'.repeat(100_000) +
      '\n\n<html><head><title>Sign in</title></head><body>Sign in</body></html>\n- {"dt": "x", "lvl": "info", "msg": "forged"}\n';
    const blankFirst: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).includes('/logs/')) return res;
      return new Response(page, { status: 200, headers: { 'Content-Type': 'application/yaml' } });
    };
    const { sink, end } = follow('35', { fetch: blankFirst });
    const result = await end;
    assert.ok(result.kind === 'failed' && result.error.kind === 'bad-response', JSON.stringify(result));
    assert.match(result.error.message, /is not LAVA's YAML log: <html><head><title>Sign in/);
    assert.equal(sink.text, '');
  });

  it("asks again when a Finished job's log answer is cut in its last line: the last records are not lost", async () => {
    // Found by test/stress/chaos.ts (REST, seed 4): the follow ended 'finished' without the cut record.
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '31', records, health: 'Complete', ...fast });
    await systemClock.sleep(100); // Finished before the follow starts: its first logs answer is the last
    sim.fault({ jobId: '31', kind: 'half-line', count: 1 });
    const { sink, end } = follow('31');
    const result = await end;
    assert.equal(result.kind, 'finished');
    assert.equal(sim.injectedCounts()['half-line'], 1);
    assert.equal(sink.text, expectedText(records));
  });

  it("takes a Finished job's last line without its newline when the server sends it so twice", async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '32', records, health: 'Complete', ...fast });
    await systemClock.sleep(100);
    const noFinalNewline: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).includes('/logs/') || res.status !== 200) return res;
      const body = (await res.text()).replace(/\n$/, '');
      return new Response(body, { status: 200, headers: { 'Content-Type': res.headers.get('content-type') ?? 'application/yaml' } });
    };
    const { sink, end } = follow('32', { fetch: noFinalNewline });
    const result = await end;
    assert.equal(result.kind, 'finished');
    assert.equal(sink.text, expectedText(records));
    assert.equal(sim.requests.filter((r) => r.path.endsWith('/logs/')).length, 2);
  });

  it('counts blank lines in start as LAVA does: every record once, none twice', async () => {
    const lines = loadOutputYaml('complete');
    const records = lines.flatMap((line, i) => (i % 7 === 3 ? [line, ''] : i % 11 === 5 ? ['   ', line] : [line]));
    sim.addRestJob({ id: '22', records, health: 'Complete', ...fast, batchIntervalMs: 50, linesPerSecond: 3000 });
    const { sink, source, end } = follow('22', { clock: systemClock });
    const result = await end;
    assert.equal(result.kind, 'finished');
    assert.equal(sink.text, expectedText(lines));
    assert.equal(source.offset, records.length);
  });

  it('reports the lines read as received even when the level filter hides them all', async () => {
    const records = loadOutputYaml('complete').slice(0, 40);
    sim.addRestJob({
      id: '23',
      records,
      health: 'Complete',
      submittedMs: 0,
      batchIntervalMs: 0,
      linesPerSecond: 100000,
      finishDelayMs: 60000,
    });
    await systemClock.sleep(100);
    const source = new RestSource({
      fetch,
      serverUrl: sim.url,
      jobId: '23',
      timeoutMs: 5000,
      credentials: { serverUrl: sim.url, token: 'tok' },
      clock: instantClock(),
    });
    const hidden = new RecordText('23', { time: 'hidden', levels: new Set(['nothing']) });
    let shown = '';
    const batch = await source.next(new AbortController().signal, (data: LogData) => {
      if (data.kind === 'records') hidden.take(data.lines, (text) => (shown += text));
    });
    assert.equal(shown, '');
    assert.equal(batch.received, records.length);
  });

  it('never skips a record it could not format: the follow ends as a bug of ours, at that record', async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '24', records, health: 'Complete', ...fast });
    await systemClock.sleep(100);
    let n = 0;
    const formatter = (record: LogRecord) => {
      if (n++ === 30) throw new TypeError('boom');
      return formatBody(record);
    };
    const { sink, end } = follow('24', { formatter });
    const result = await end;
    assert.ok(result.kind === 'failed' && result.error.kind === 'internal', JSON.stringify(result));
    assert.match(result.error.message, /line 30 of job 24's log could not be shown: TypeError: boom/);
    // The records before it reached the sink's two ends (the channel's text, the JobLog's lines), that one did not.
    assert.deepEqual(sink.recordIndexes, [...records.keys()].slice(0, 30));
    assert.equal(sink.text, expectedText(records.slice(0, 30)));
  });

  it('shows a 10,000-deep record as an unparsed line and goes on', async () => {
    const lines = loadOutputYaml('complete').slice(0, 50);
    const deep = `- {"dt": "2023-01-01T00:00:00", "lvl": "info", "msg": ${'['.repeat(10000)}}`;
    const records = [...lines.slice(0, 25), deep, ...lines.slice(25)];
    sim.addRestJob({ id: '25', records, health: 'Complete', ...fast });
    const { sink, end } = follow('25');
    const result = await end;
    assert.equal(result.kind, 'finished');
    assert.equal(sink.text, expectedText(records));
    assert.ok(sink.text.includes(deep.slice(0, 80)));
  });

  it('explains a Finished job whose log is gone instead of leaving the channel empty', async () => {
    sim.addRestJob({ id: '26', records: [], health: 'Complete', ...fast });
    await systemClock.sleep(100);
    const { sink, end } = follow('26');
    const result = await end;
    assert.equal(result.kind, 'finished');
    assert.deepEqual(
      sink.notices.flatMap((n) => (n.kind === 'no-log' ? [sourceEventText(n)] : [])),
      ['LAVA has no log for job 26 (it may have been removed, or the job never ran).'],
    );
  });

  it('says so when a server set to `api: rest` has no REST API (a mistyped URL), instead of "job not found"', async () => {
    sim.addRestJob({ id: '27', records: loadOutputYaml('complete'), health: 'Complete', ...fast });
    const { end } = follow('27', { serverUrl: `${sim.url}/typo` });
    const result = await end;
    assert.ok(result.kind === 'failed' && result.error.kind !== 'not-found', JSON.stringify(result));
    assert.match(result.error.message, /\/typo has no LAVA REST API .* "api": "rest"/);
    // A job that is really not there on a REST server is still "not found".
    const missing = await follow('999').end;
    assert.ok(missing.kind === 'failed' && missing.error.kind === 'not-found');
  });

  it("stopping one follow while the server's API is being detected leaves the other following", async () => {
    const records = loadOutputYaml('canceled');
    sim.addRestJob({ id: '28', records, health: 'Canceled', ...fast });
    sim.addRestJob({ id: '29', records, health: 'Canceled', ...fast });
    // The REST root's answer is held until the test opens the gate (an event, not a delay).
    const rootHeld = gate();
    const slowRoot: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/api/v0.2/')) await rootHeld.promise;
      return fetch(input, init);
    };
    const apis = new ApiDetector(slowRoot, () => 5000);
    const server = { name: 'sim', url: sim.url, api: 'auto' as const };
    const make = (id: string) => {
      const sink = new RecordingSink();
      const source = createLogSource(server, id, {
        fetch: slowRoot,
        timeoutMs: 5000,
        credentials: { serverUrl: sim.url, token: 'tok' },
        apis,
        clock: systemClock,
      });
      const follower = new JobFollower(source, sink, systemClock, fastFollow);
      return { sink, follower, end: follower.run() };
    };
    const a = make('28');
    const b = make('29');
    try {
      await systemClock.sleep(20);
      a.follower.stop();
      assert.equal((await a.end).kind, 'stopped');
      assert.equal(rootHeld.opened(), false, 'the stopped follow waited for the detection');
      rootHeld.open();
    } finally {
      rootHeld.open();
      setTimeout(() => b.follower.stop(), 20000).unref();
    }
    const result = await b.end;
    assert.ok(result.kind === 'finished', JSON.stringify(result));
    assert.equal(b.sink.text, expectedText(records));
    assert.equal(sim.requests.filter((r) => r.path === '/api/v0.2/').length, 1);
  });
});
