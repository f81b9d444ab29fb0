// The LAVA view's controller over real HTTP against the simulator, on the virtual clock: polling only
// while a view is visible and the server's events are not up, within 4 list requests a minute; events
// moving jobs without a request.
import * as assert from 'node:assert/strict';
import { ServerEvents } from '../../../../src/core/events/lavaEvent';
import { LavaViewController } from '../../../../src/core/lavaView/viewController';
import { LavaSimulator } from '../../../simulator/server';
import { VirtualClock } from '../../helpers';
import { FakeServerEvents } from './fakeEvents';

const fetch = globalThis.fetch.bind(globalThis);

describe('LAVA view: the controller (polling budget, events)', () => {
  let sim: LavaSimulator;
  let clock: VirtualClock;
  let controller: LavaViewController | undefined;
  beforeEach(async () => {
    sim = await LavaSimulator.start();
    clock = new VirtualClock({ start: Date.parse('2024-01-31T12:00:00Z') });
  });
  afterEach(async () => {
    controller?.dispose();
    controller = undefined;
    await sim.close();
  });

  function start(events?: ServerEvents): LavaViewController {
    controller = new LavaViewController({
      fetch,
      timeoutMs: () => 5000,
      credentials: async () => undefined,
      clock,
      events: () => events,
    });
    controller.setServers([{ name: 'sim', url: sim.url }]);
    return controller;
  }

  /** Until the server's loop sleeps again (its reads done). */
  async function settled(): Promise<void> {
    for (let i = 0; i < 10_000 && clock.pending < 1; i++) await new Promise((r) => setImmediate(r));
    assert.equal(clock.pending, 1, 'the loop sleeps');
  }

  /** Moves the virtual clock `minutes` on, in 5 s steps, letting each read finish. */
  async function run(minutes: number): Promise<void> {
    for (let t = 0; t < minutes * 60_000; t += 5000) {
      clock.advance(5000);
      await settled();
    }
  }

  it('reads nothing while no view is visible', async () => {
    const c = start();
    await settled();
    await run(5);
    assert.equal(c.requests, 0);
  });

  it('polls at most 4 list requests a minute per server while the views are visible and there are no events', async () => {
    sim.inventory.generate(10, 2);
    const c = start();
    c.setVisible('jobs', true);
    c.setVisible('devices', true);
    await settled();
    const first = c.requests;
    assert.equal(first, 3 + 4, 'running, queued, recent (no Mine without a user) + devices, workers, device types, devices.list');
    await run(10);
    const perMinute = (c.requests - first) / 10;
    assert.ok(perMinute <= 4, `${perMinute} list requests a minute`);
    assert.ok(perMinute >= 2, `still polling: ${perMinute} a minute`);
    assert.equal(c.pollingSeconds(), 90, '3 job lists and 3 device requests (types only on the first and manual reads)');
  });

  it('makes no request while the events are up, moves a job on its event, and polls again once they are down', async () => {
    const events = new FakeServerEvents();
    const c = start(events);
    c.setVisible('jobs', true);
    await settled();
    const first = c.requests;
    assert.equal(first, 3);
    assert.equal(c.pollingSeconds(), undefined);
    await run(10);
    assert.equal(c.requests, first, 'no request in 10 minutes with the events up');
    let changes = 0;
    const sub = c.onDidChange(() => changes++);
    events.emit({
      kind: 'job',
      job: '77',
      state: 'Running',
      health: 'Unknown',
      description: 'from an event',
      submitter: 'bob',
      at: '2024-01-31T12:10:00',
      deviceType: 'qemu',
      device: 'qemu01',
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(changes, 1);
    assert.deepEqual(
      c.jobs.children({ kind: 'section', serverUrl: sim.url, section: 'running' }).map((n) => (n.kind === 'job' ? n.jobId : n.kind)),
      ['77'],
    );
    assert.deepEqual(c.jobs.counts(), { running: 1, queued: 0 });
    sub.dispose();
    events.down();
    assert.equal(c.pollingSeconds(), 60);
    await settled();
    await run(3);
    assert.ok(c.requests - first >= 6 && c.requests - first <= 12, `${c.requests - first} requests in 3 minutes down`);
    c.dispose();
    assert.equal(events.listeners, 0, 'unsubscribed');
  });

  it("listens to a server's new stream when the registry hands another one (its events setting changed)", async () => {
    const first = new FakeServerEvents();
    const second = new FakeServerEvents();
    let current: ServerEvents = first;
    controller = new LavaViewController({ fetch, timeoutMs: () => 5000, credentials: async () => undefined, clock, events: () => current });
    controller.setServers([{ name: 'sim', url: sim.url }]);
    controller.setVisible('jobs', true);
    await settled();
    current = second;
    controller.setServers([{ name: 'sim', url: sim.url }]);
    assert.equal(first.listeners, 0, 'the old stream is let go');
    assert.equal(second.listeners, 2);
    second.emit({
      kind: 'job',
      job: '78',
      state: 'Submitted',
      health: 'Unknown',
      description: 'd',
      submitter: 's',
      at: '',
      deviceType: 'qemu',
    });
    assert.deepEqual(controller.jobs.counts(), { running: 0, queued: 1 });
  });
});
