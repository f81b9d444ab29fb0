import assert from 'node:assert/strict';
import { systemClock } from '../../../../src/core/follow/clock';
import { JobFollower } from '../../../../src/core/follow/follower';
import { LogTailSource } from '../../../../src/core/protocols/logTailSource';
import { FaultKind } from '../../../simulator/faults';
import { LavaSimulator } from '../../../simulator/server';
import { fastFollow, generateLog, RecordingSink } from '../../helpers';

/** The channel's text cut at each 'restarted' notice: every part is the log from its start. */
class SegmentSink extends RecordingSink {
  readonly segments: string[][] = [[]];
  append(text: string): void {
    super.append(text);
    this.segments[this.segments.length - 1].push(text);
  }
  notice(event: Parameters<RecordingSink['notice']>[0]): void {
    super.notice(event);
    if (event.kind === 'restarted') this.segments.push([]);
  }
  /** Each part before the last is a prefix of the log, the last is the log, byte for byte. */
  assertExact(log: Buffer): void {
    const parts = this.segments.map((p) => Buffer.from(p.join(''), 'utf8'));
    for (const [i, part] of parts.entries()) {
      const last = i === parts.length - 1;
      assert.ok(
        last ? part.equals(log) : log.subarray(0, part.length).equals(part),
        `part ${i + 1}/${parts.length} is not ${last ? 'the log' : 'a prefix of the log'}`,
      );
    }
  }
}

describe('JobFollower over log-tail (real HTTP against the simulator)', function () {
  this.timeout(60000);
  let sim: LavaSimulator;

  beforeEach(async () => {
    sim = await LavaSimulator.start({ port: 0 });
  });
  afterEach(async () => {
    await sim.close();
  });

  function follow(jobId: string, opts: { timeoutMs?: number; token?: string } = {}) {
    const sink = new SegmentSink();
    const source = new LogTailSource({
      fetch,
      serverUrl: sim.url,
      jobId,
      timeoutMs: opts.timeoutMs ?? 5000,
      credentials: opts.token ? { serverUrl: sim.url, token: opts.token } : undefined,
    });
    const follower = new JobFollower(source, sink, systemClock, fastFollow);
    return { sink, follower, source, end: follower.run() };
  }

  it('delivers the log byte for byte when it grows in random chunks that split UTF-8 characters, with a 1 MB line', async () => {
    const log = generateLog(2000, 7, 1024 * 1024);
    sim.addLogTailJob({ id: '1', log, chunk: { min: 1, max: 40000 }, intervalMs: 2, seed: 11 });
    const { sink, end } = follow('1');
    const result = await end;
    assert.equal(result.kind, 'finished');
    assert.ok(Buffer.from(sink.text, 'utf8').equals(log), 'channel text differs from the source log');
    assert.ok(sink.chunks.length > 10, `expected many chunks, got ${sink.chunks.length}`);
    assert.equal(sink.notices.length, 0);
  });

  it('stops when the server says the job is finished and makes no request after that', async () => {
    const log = Buffer.from('one\ntwo\nthree\n');
    sim.addLogTailJob({ id: '2', log, intervalMs: 0 });
    const { sink, end } = follow('2');
    assert.deepEqual(await end, { kind: 'finished', outcome: undefined });
    const n = sim.requests.length;
    await systemClock.sleep(200);
    assert.equal(sim.requests.length, n);
    assert.equal(sink.text, 'one\ntwo\nthree\n');
  });

  it('starts again at 0 and says so when the log restarts (new_size < start)', async () => {
    const log = generateLog(400, 3);
    sim.addLogTailJob({ id: '3', log, chunk: { min: 50, max: 400 }, intervalMs: 5, seed: 5 });
    const { sink, end } = follow('3');
    while (sim.logTailJob('3').appended < log.length / 2) await systemClock.sleep(5);
    sim.logTailJob('3').restart();
    assert.equal((await end).kind, 'finished');
    assert.equal(sink.count('restarted'), 1);
    const restartAt = sink.notices.findIndex((n) => n.kind === 'restarted');
    assert.ok(restartAt >= 0);
    // Everything after the restart is the whole log again, byte for byte.
    const all = Buffer.from(sink.text);
    assert.ok(all.subarray(all.length - log.length).equals(log));
    const tailStarts = sim.requests.filter((r) => r.jobId === '3').map((r) => Number(r.query.start));
    assert.ok(tailStarts.includes(0) && tailStarts.lastIndexOf(0) > 0, 'no request restarted at offset 0');
  });

  for (const kind of ['http500', 'http502', 'drop', 'hang', 'garbage', 'bad-json-shape'] as const) {
    it(`resumes at the same offset after a ${kind} fault: same bytes, told once`, async () => {
      const log = generateLog(600, 13);
      sim.addLogTailJob({ id: '4', log, chunk: { min: 100, max: 2000 }, intervalMs: 3, seed: 17 });
      const { sink, end } = follow('4', { timeoutMs: 300 });
      while (sim.logTailJob('4').appended < log.length / 3) await systemClock.sleep(5);
      sim.fault({ jobId: '4', kind, count: 3 });
      assert.equal((await end).kind, 'finished');
      assert.ok(Buffer.from(sink.text).equals(log), 'log differs after the fault');
      assert.equal(sink.count('reconnecting'), 1);
      assert.equal(sink.count('reconnected'), 1);
    });
  }

  it('survives the server going down and coming back, without losing or doubling a byte', async () => {
    const log = generateLog(800, 21);
    sim.addLogTailJob({ id: '5', log, chunk: { min: 100, max: 1000 }, intervalMs: 5, seed: 23 });
    const { sink, end } = follow('5', { timeoutMs: 500 });
    while (sim.logTailJob('5').appended < log.length / 4) await systemClock.sleep(5);
    await sim.down(600);
    assert.equal((await end).kind, 'finished');
    assert.ok(Buffer.from(sink.text).equals(log));
    assert.equal(sink.count('reconnecting'), 1);
    const reconnecting = sink.notices.find((n) => n.kind === 'reconnecting');
    assert.ok(reconnecting?.kind === 'reconnecting' && reconnecting.error.kind === 'network');
  });

  it('ends with a not-found error for an unknown job', async () => {
    const { end, sink } = follow('999');
    const result = await end;
    assert.equal(result.kind, 'failed');
    assert.ok(result.kind === 'failed' && result.error.kind === 'not-found');
    assert.equal(sink.text, '');
  });

  for (const [kind, status] of [
    ['http401', 401],
    ['http403', 403],
  ] as const) {
    it(`ends with an authentication error on ${status}, keeping what was shown`, async () => {
      const log = generateLog(300, 29);
      sim.addLogTailJob({ id: '6', log, chunk: { min: 100, max: 500 }, intervalMs: 5, seed: 31 });
      const { sink, end } = follow('6');
      while (sim.logTailJob('6').appended < log.length / 3) await systemClock.sleep(5);
      sim.fault({ jobId: '6', kind, count: 1 });
      const result = await end;
      assert.ok(result.kind === 'failed' && result.error.kind === 'unauthorized' && result.error.status === status);
      assert.ok(log.subarray(0, Buffer.byteLength(sink.text)).equals(Buffer.from(sink.text)), 'shown text is not a prefix of the log');
    });
  }

  it('sends the token to its server, and a wrong token ends in an authentication error', async () => {
    await sim.close();
    sim = await LavaSimulator.start({ port: 0, token: 'secret-1' });
    sim.addLogTailJob({ id: '7', log: Buffer.from('private\n'), intervalMs: 0 });
    const ok = follow('7', { token: 'secret-1' });
    assert.equal((await ok.end).kind, 'finished');
    assert.equal(ok.sink.text, 'private\n');
    assert.ok(sim.requests.every((r) => r.authorization === 'Token secret-1'));
    const bad = follow('7', { token: 'wrong' });
    const result = await bad.end;
    assert.ok(result.kind === 'failed' && result.error.kind === 'unauthorized');
  });

  it('stops at once: aborts the request in flight and makes no request afterwards', async () => {
    const log = generateLog(5000, 37);
    sim.addLogTailJob({ id: '8', log, chunk: { min: 10, max: 50 }, intervalMs: 50, seed: 41 });
    // The request in flight never ends on its own (a hang, a 10-minute timeout): only stop() can end the follow.
    const { follower, end } = follow('8', { timeoutMs: 600_000 });
    while (sim.requests.length < 3) await systemClock.sleep(5);
    sim.fault({ jobId: '8', kind: 'hang', count: 1 });
    while (!sim.injectedCounts().hang) await systemClock.sleep(5);
    follower.stop();
    let bound: NodeJS.Timeout | undefined;
    const result = await Promise.race([end, new Promise((resolve) => (bound = setTimeout(() => resolve('still waiting'), 20_000)))]);
    clearTimeout(bound);
    assert.deepEqual(result, { kind: 'stopped' }, 'stop waited for the request');
    const n = sim.requests.length;
    await systemClock.sleep(300);
    assert.equal(sim.requests.length, n, 'a request was made after stop');
  });

  // Every fault a log-tail answer can have, once the follow is past the start (start > 0): same bytes.
  for (const kind of [
    'utf8-split',
    'ignore-start',
    'reset-mid-body',
    'stall',
    'truncated-json',
    'content-length-lie',
    'html-200',
    'garbage',
  ] as const) {
    it(`keeps the output exact through a ${kind} fault at start > 0`, async () => {
      const log = generateLog(3000, 43);
      sim.addLogTailJob({ id: '9', log, chunk: { min: 100, max: 8000 }, intervalMs: 3, seed: 47 });
      const { sink, end, source } = follow('9', { timeoutMs: 300 });
      while (source.position < log.length / 3) await systemClock.sleep(2);
      // A server that always does it (more often than the follower retries an answer it refuses), or twice.
      const handled = kind === 'utf8-split' || kind === 'ignore-start';
      const count = handled ? 6 : 2;
      sim.fault({ jobId: '9', kind, count });
      const result = await end;
      assert.equal(result.kind, 'finished', result.kind === 'failed' ? result.error.message : '');
      assert.equal(sim.injectedCounts()[kind], count, 'the fault was not injected');
      sink.assertExact(log);
      assert.equal(sink.count('restarted'), 0);
      // An answer cut inside a character or sent from 0 is a right answer read right, not an error retried.
      assert.equal(sink.count('reconnecting'), handled ? 0 : 1);
    });
  }

  it('keeps the output exact through a restart fault: the log again from 0, told once', async () => {
    const log = generateLog(3000, 53);
    sim.addLogTailJob({ id: '10', log, chunk: { min: 100, max: 8000 }, intervalMs: 3, seed: 59 });
    const { sink, end, source } = follow('10', { timeoutMs: 300 });
    while (source.position < log.length / 3) await systemClock.sleep(2);
    sim.fault({ jobId: '10', kind: 'restart', count: 1 });
    assert.equal((await end).kind, 'finished');
    assert.equal(sim.injectedCounts().restart, 1);
    assert.equal(sink.count('restarted'), 1);
    sink.assertExact(log);
    assert.ok(sink.segments[0].join('').length > 0, 'nothing was shown before the restart');
  });

  for (const kind of ['reset-mid-body', 'truncated-json', 'stall'] as const) {
    it(`resumes a large first answer cut by ${kind} where its output stopped, not from 0`, async () => {
      const log = generateLog(60000, 61); // about 2.5 MB, finished
      sim.addLogTailJob({ id: '11', log, intervalMs: 0 });
      sim.fault({ jobId: '11', kind, count: 1 });
      // The silence timeout must outlast the simulator building this 2.5 MB answer on the same thread:
      // at 500 ms a loaded machine timed out every request before its headers and retried from 0 forever.
      const { sink, end } = follow('11', { timeoutMs: 5000 });
      assert.equal((await end).kind, 'finished');
      sink.assertExact(log);
      const starts = sim.requests.filter((r) => r.jobId === '11').map((r) => Number(r.query.start));
      assert.equal(starts[0], 0);
      assert.ok(starts[1] > 0, `the second request started at ${starts[1]}: the streamed part was not kept`);
      assert.ok(starts[1] < log.length / 2 + 1000, 'the second request started past the cut');
      assert.equal(starts.length, 2);
    });
  }

  describe('seeded chaos over every log-tail fault kind', () => {
    const kinds: FaultKind[] = [
      'utf8-split',
      'ignore-start',
      'restart',
      'reset-mid-body',
      'stall',
      'truncated-json',
      'content-length-lie',
      'html-200',
      'garbage',
      'bad-json-shape',
      'http503',
      'drop',
    ];
    const total: Record<string, number> = {};
    after(() => {
      // Across the runs, every kind was met (each run alone is short).
      for (const k of kinds) assert.ok((total[k] ?? 0) > 0, `no run met a ${k} fault: ${JSON.stringify(total)}`);
    });
    for (let seed = 1; seed <= 30; seed++) {
      it(`seed ${seed}: the output is the log exactly, in a bounded number of requests`, async () => {
        const log = generateLog(800, 100 + seed);
        sim.addLogTailJob({ id: 'c', log, chunk: { min: 50, max: 1200 }, intervalMs: 4, seed });
        sim.chaos({ seed, rate: 0.3, kinds, jobId: 'c' });
        const { sink, end } = follow('c', { timeoutMs: 150 });
        const result = await end;
        assert.equal(result.kind, 'finished', result.kind === 'failed' ? result.error.message : '');
        sink.assertExact(log);
        const injected = sim.injected.length;
        const requests = sim.requests.filter((r) => r.jobId === 'c').length;
        const restarts = sim.injectedCounts().restart ?? 0;
        for (const [k, n] of Object.entries(sim.injectedCounts())) total[k] = (total[k] ?? 0) + n;
        if (process.env.CHAOS_DEBUG) console.log(seed, requests, JSON.stringify(sim.injectedCounts()));
        assert.ok(requests <= 40 * (restarts + 1) + 3 * injected, `${requests} requests for ${injected} faults (${restarts} restarts)`);
      });
    }
  });
});
