// JobStateFeed: a followed job's state from the event stream, vouched for only while the stream has been up
// without a break since it was learnt; and a RestSource fed by it reads the job's state once, then never.
import assert from 'node:assert/strict';
import { JobStateFeed } from '../../../../src/core/events/jobStateFeed';
import type { EventStreamState, LavaEvent, ServerEvents } from '../../../../src/core/events/lavaEvent';
import { LogData } from '../../../../src/core/follow/logSource';
import { RestSource } from '../../../../src/core/protocols/rest/restSource';
import { Emitter } from '../../../../src/core/util/emitter';
import { loadOutputYaml } from '../../../simulator/fixtures';
import { LavaSimulator } from '../../../simulator/server';
import { VirtualClock } from '../../helpers';

/** A stream driven by the test. */
class FakeEvents implements ServerEvents {
  state: EventStreamState = { kind: 'connecting' };
  private readonly events = new Emitter<LavaEvent>();
  private readonly states = new Emitter<EventStreamState>();
  listeners = 0;
  onEvent(listener: (event: LavaEvent) => void): () => void {
    this.listeners++;
    const d = this.events.event(listener);
    return () => {
      this.listeners--;
      d.dispose();
    };
  }
  onState(listener: (state: EventStreamState) => void): () => void {
    const d = this.states.event(listener);
    return () => d.dispose();
  }
  set(state: EventStreamState['kind']): void {
    this.state = state === 'up' ? { kind: 'up' } : { kind: 'connecting' };
    this.states.fire(this.state);
  }
  job(job: string, state: string): void {
    this.events.fire({ kind: 'job', job, state, health: 'Unknown', description: '', submitter: 'admin', at: '2026-12-08T00:00:00' });
  }
}

describe('JobStateFeed (a job state the event stream vouches for)', () => {
  function feed(stream: () => ServerEvents | undefined, clock = new VirtualClock()) {
    const woken = { count: 0 };
    return { feed: new JobStateFeed('7', stream, clock, () => woken.count++), woken, clock };
  }

  it('vouches for nothing while the stream is not up, nor for a state read before it came up', () => {
    const events = new FakeEvents();
    const { feed: f, clock } = feed(() => events);
    assert.equal(f.knownState({ state: 'Running', at: 0 }), undefined);
    clock.advance(1000);
    events.set('up');
    assert.equal(f.knownState(undefined), undefined, 'nothing read, nothing told');
    assert.equal(f.knownState({ state: 'Running', at: 0 }), undefined, 'read before the stream came up');
    assert.equal(f.knownState({ state: 'Running', at: 1000 }), 'Running');
  });

  it("takes its job's events (and polls at once), not another job's nor a state LAVA has not", () => {
    const events = new FakeEvents();
    events.set('up');
    const { feed: f, woken } = feed(() => events);
    f.attach();
    events.job('8', 'Finished');
    events.job('7', 'Paused');
    assert.equal(woken.count, 0);
    assert.equal(f.knownState(undefined), undefined);
    events.job('7', 'Finished');
    assert.equal(woken.count, 1);
    assert.equal(f.knownState({ state: 'Running', at: 0 }), 'Finished');
  });

  it('a stream that went down may have missed an event: what it told before is read again', () => {
    const events = new FakeEvents();
    events.set('up');
    const { feed: f, clock } = feed(() => events);
    f.attach();
    events.job('7', 'Running');
    assert.equal(f.knownState(undefined), 'Running');
    events.set('connecting');
    assert.equal(f.knownState(undefined), undefined);
    clock.advance(5000);
    events.set('up');
    assert.equal(f.knownState({ state: 'Running', at: 0 }), undefined, 'neither the old event nor a read from before');
    assert.equal(f.knownState({ state: 'Running', at: 5000 }), 'Running');
  });

  it("listens to the server's next stream when it is replaced, and to none once detached", () => {
    const first = new FakeEvents();
    const second = new FakeEvents();
    let current: FakeEvents | undefined = first;
    const { feed: f } = feed(() => current);
    f.attach();
    assert.equal(first.listeners, 1);
    current = second;
    second.set('up');
    f.knownState(undefined);
    assert.equal(first.listeners, 0);
    assert.equal(second.listeners, 1);
    f.detach();
    assert.equal(second.listeners, 0);
    current = undefined;
    assert.equal(f.knownState({ state: 'Running', at: 0 }), undefined);
  });
});

describe('RestSource fed by JobStateFeed (over the simulator)', function () {
  this.timeout(30000);
  let sim: LavaSimulator;
  beforeEach(async () => {
    sim = await LavaSimulator.start({ port: 0, token: 'tok' });
  });
  afterEach(async () => {
    await sim.close();
  });

  it("reads the job's state once while the stream is up, none at the quiet log's safety net, and ends on the Finished event", async () => {
    const records = loadOutputYaml('complete');
    // A job whose whole log is there at once and which stays Running until the test says.
    sim.addRestJob({ id: '7', records, health: 'Complete', batchIntervalMs: 0, linesPerSecond: 0, finishDelayMs: 3_600_000 });
    const rpc: string[] = [];
    const noting: typeof fetch = (input, init) => {
      if (String(input).endsWith('/RPC2')) rpc.push(/<methodName>([^<]*)</.exec(String(init?.body))?.[1] ?? '?');
      return fetch(input, init);
    };
    const clock = new VirtualClock();
    const events = new FakeEvents();
    events.set('up');
    const f = new JobStateFeed(
      '7',
      () => events,
      clock,
      () => undefined,
    );
    const source = new RestSource({
      fetch: noting,
      serverUrl: sim.url,
      jobId: '7',
      timeoutMs: 5000,
      credentials: { serverUrl: sim.url, token: 'tok' },
      username: 'admin',
      clock,
      knownState: (read) => f.knownState(read),
    });
    const signal = new AbortController().signal;
    let lines = 0;
    const deliver = (d: LogData) => void (lines += d.kind === 'records' ? d.lines.length : 0);
    const stateReads = () =>
      rpc.filter((m) => m === 'scheduler.job_state').length + sim.requests.filter((r) => r.path === '/api/v0.2/jobs/7/').length;
    await source.next(signal, deliver);
    assert.equal(stateReads(), 1, 'the first poll reads the state');
    for (let i = 0; i < 5; i++) {
      clock.advance(120_000); // past the quiet log's safety net (60 s)
      assert.equal((await source.next(signal, deliver)).finished, false);
    }
    assert.equal(stateReads(), 1, 'a state read while the stream vouched for it');
    // Its Finished event ends the follow with the usual final reads (health, the job object for a job that
    // did not complete: the simulator's job is still running, so both), never a state read.
    events.job('7', 'Finished');
    const last = await source.next(signal, deliver);
    assert.equal(last.finished, true);
    assert.deepEqual(rpc.slice(1), ['scheduler.job_health']);
    assert.equal(lines, records.length);
    assert.equal(rpc.filter((m) => m === 'scheduler.job_state').length, 1);
  });
});
