import assert from 'node:assert/strict';
import { systemClock } from '../../../../src/core/follow/clock';
import { JobFollower } from '../../../../src/core/follow/follower';
import { LogTailSource } from '../../../../src/core/protocols/logTailSource';
import { LavaSimulator } from '../../../simulator/server';
import { fastFollow, generateLog, RecordingSink } from '../../helpers';

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
    const sink = new RecordingSink();
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
    const { follower, end } = follow('8');
    while (sim.requests.length < 3) await systemClock.sleep(5);
    sim.fault({ jobId: '8', kind: 'hang', count: 1 });
    await systemClock.sleep(100);
    const t0 = Date.now();
    follower.stop();
    assert.deepEqual(await end, { kind: 'stopped' });
    assert.ok(Date.now() - t0 < 200, 'stop waited for the request');
    const n = sim.requests.length;
    await systemClock.sleep(300);
    assert.equal(sim.requests.length, n, 'a request was made after stop');
  });
});
