import assert from 'node:assert/strict';
import { systemClock } from '../../../../../src/core/util/clock';
import { JobFollower } from '../../../../../src/core/follow/follower';
import { LogData } from '../../../../../src/core/follow/logSource';
import { ApiDetector } from '../../../../../src/core/protocols/apiDetect';
import { createLogSource } from '../../../../../src/core/protocols/createLogSource';
import { JobState } from '../../../../../src/core/protocols/rest/restJob';
import { RestSource } from '../../../../../src/core/protocols/rest/restSource';
import { loadOutputYaml } from '../../../../simulator/fixtures';
import { LavaSimulator } from '../../../../simulator/server';
import { fastFollow, RecordingSink, VirtualClock } from '../../../helpers';

/** Every state read a follow makes: XML-RPC calls by method, REST job objects. */
function stateReads(sim: LavaSimulator, calls: string[], jobId: string): string[] {
  const rest = sim.requests.filter((r) => r.path === `/api/v0.2/jobs/${jobId}/`).map(() => 'rest job');
  return [...calls, ...rest];
}

/** fetch that notes the XML-RPC method of each /RPC2 call. */
function noting(calls: string[]): typeof fetch {
  return (input, init) => {
    if (String(input).endsWith('/RPC2')) calls.push(/<methodName>([^<]*)</.exec(String(init?.body))?.[1] ?? '?');
    return fetch(input, init);
  };
}

describe('RestSource knownState (the job state told by the event stream)', function () {
  this.timeout(30000);
  let sim: LavaSimulator;
  beforeEach(async () => {
    sim = await LavaSimulator.start({ port: 0, token: 'tok' });
  });
  afterEach(async () => {
    await sim.close();
  });

  function source(jobId: string, calls: string[], knownState: () => JobState | undefined): RestSource {
    return new RestSource({
      fetch: noting(calls),
      serverUrl: sim.url,
      jobId,
      timeoutMs: 5000,
      credentials: { serverUrl: sim.url, token: 'tok' },
      username: 'admin',
      clock: new VirtualClock(),
      finishCheckMs: 10,
      knownState,
    });
  }

  it('reads no state while it is told one, and on Finished makes the usual final reads: health, the rest of the log', async () => {
    const records = loadOutputYaml('complete');
    sim.addRestJob({ id: '1', records, health: 'Complete', batchIntervalMs: 0, linesPerSecond: 0, finishDelayMs: 0 });
    const calls: string[] = [];
    let told: JobState | undefined = 'Running';
    const s = source('1', calls, () => told);
    const signal = new AbortController().signal;
    let lines = 0;
    const deliver = (d: LogData) => void (lines += d.kind === 'records' ? d.lines.length : 0);
    for (let i = 0; i < 3; i++) assert.equal((await s.next(signal, deliver)).finished, false);
    assert.equal(lines, records.length);
    assert.deepEqual(stateReads(sim, calls, '1'), []);
    told = 'Finished';
    const last = await s.next(signal, deliver);
    assert.equal(last.finished, true);
    assert.equal(last.outcome?.health, 'Complete');
    assert.deepEqual(last.outcome?.results, { pass: 12, fail: 1 });
    assert.deepEqual(stateReads(sim, calls, '1'), ['scheduler.job_health']);
    assert.equal(lines, records.length);
  });

  it('reads the failure comment of a job told Finished that did not complete, as when the state is read', async () => {
    sim.addRestJob({
      id: '2',
      records: loadOutputYaml('incomplete'),
      health: 'Incomplete',
      failureComment: 'Told by LAVA',
      batchIntervalMs: 0,
      linesPerSecond: 0,
      finishDelayMs: 0,
    });
    const calls: string[] = [];
    const batch = await source('2', calls, () => 'Finished').next(new AbortController().signal, () => undefined);
    assert.equal(batch.finished, true);
    assert.equal(batch.outcome?.health, 'Incomplete');
    assert.equal(batch.outcome?.reason, 'Told by LAVA');
    assert.deepEqual(stateReads(sim, calls, '2'), ['scheduler.job_health', 'rest job']);
  });

  it('reads the state as usual while it is told none', async () => {
    sim.addRestJob({
      id: '3',
      records: loadOutputYaml('complete'),
      health: 'Complete',
      batchIntervalMs: 0,
      linesPerSecond: 0,
      finishDelayMs: 0,
    });
    const calls: string[] = [];
    const batch = await source('3', calls, () => undefined).next(new AbortController().signal, () => undefined);
    assert.equal(batch.finished, true);
    assert.deepEqual(stateReads(sim, calls, '3'), ['scheduler.job_state', 'scheduler.job_health']);
  });

  it('says a job told queued waits for a device, reading the job once for its device type and never its state again', async () => {
    const job = sim.addRestJob({ id: '4', records: loadOutputYaml('complete'), health: 'Complete', deviceType: 'bbb' });
    job.hold();
    const calls: string[] = [];
    const s = source('4', calls, () => 'Submitted');
    const signal = new AbortController().signal;
    const first = await s.next(signal, () => undefined);
    assert.deepEqual(first.event, { kind: 'queued', jobId: '4', state: 'Submitted', deviceType: 'bbb' });
    assert.equal(first.queued, true);
    for (let i = 0; i < 3; i++)
      assert.deepEqual(await s.next(signal, () => undefined), { finished: false, queued: true, event: undefined });
    assert.deepEqual(stateReads(sim, calls, '4'), ['rest job']);
  });

  it('is plumbed through createLogSource: a follow told the state reads none until it is told Finished', async () => {
    const records = loadOutputYaml('canceled');
    sim.addRestJob({ id: '5', records, health: 'Canceled', batchIntervalMs: 0, linesPerSecond: 0, finishDelayMs: 0 });
    const calls: string[] = [];
    let told: JobState = 'Running';
    const source = createLogSource({ name: 'sim', url: sim.url, api: 'rest', username: 'admin' }, '5', {
      fetch: noting(calls),
      timeoutMs: 5000,
      credentials: { serverUrl: sim.url, token: 'tok' },
      apis: new ApiDetector(fetch, 5000),
      clock: systemClock,
      knownState: () => told,
    });
    const sink = new RecordingSink();
    const follower = new JobFollower(source, sink, systemClock, fastFollow);
    const end = follower.run();
    while (sink.recordIndexes.length < records.length) await systemClock.sleep(5);
    await systemClock.sleep(50);
    assert.deepEqual(stateReads(sim, calls, '5'), []);
    told = 'Finished';
    follower.wake();
    const result = await end;
    assert.ok(result.kind === 'finished' && result.outcome?.health === 'Canceled', JSON.stringify(result));
    assert.deepEqual(stateReads(sim, calls, '5'), ['scheduler.job_health', 'rest job']);
  });
});
