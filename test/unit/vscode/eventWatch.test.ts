// The event streams in the VS Code layer (fake vscode, the simulator's /ws/ over real sockets):
// leases start and stop a server's stream, Watch My Jobs tells the end of the user's jobs, a quiet
// followed job is told once and marked, and lava.notifications filters the finish notification.
import { fake, quickJob, World, world } from './harness';
import assert from 'node:assert/strict';
import type { JobFollow as ChannelFollow } from '../../../src/vscode/follow/jobFollow';
import type { Follows } from '../../../src/vscode/follow/follows';
import { notifyEnd } from '../../../src/vscode/views/notifications';
import { EventStreams } from '../../../src/vscode/events/eventStreams';
import { JobWatch } from '../../../src/vscode/events/jobWatch';
import { getServers } from '../../../src/vscode/settings';
import { VirtualClock } from '../helpers';
import { FakeMemento } from './fake';
import { startLazily } from '../../../src/vscode/lazyStart';
import { WATCH_MY_JOBS_KEY } from '../../../src/vscode/followMemoryKeys';

const f = globalThis.fetch.bind(globalThis);

function streamsOf(w: World): EventStreams {
  return new EventStreams({ servers: getServers, credentials: (url) => w.deps.tokens.credentials(url), fetch: f, timeoutMs: () => 5000 });
}

/** Looks again at each turn of the loop until `check` holds (the guard only fails the test). */
function until(check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`never: ${what}`)), 10_000);
    const look = () => {
      if (check()) {
        clearTimeout(guard);
        resolve();
      } else setTimeout(look, 1);
    };
    look();
  });
}

describe('event streams in the VS Code layer', function () {
  this.timeout(20_000);
  let w: World | undefined;
  const cleanup: { dispose(): void }[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) c.dispose();
    await w?.stop();
    w = undefined;
  });

  it('a lease starts the server stream, the last lease given back stops it; an unknown server gets none', async () => {
    w = await world();
    const streams = streamsOf(w);
    cleanup.push(streams);
    const server = getServers()[0];
    assert.equal(streams.events(server), undefined);
    const a = streams.use(server);
    const b = streams.use(server);
    const events = streams.events(server)!;
    assert.ok(events);
    await until(() => events.state.kind === 'up', 'up');
    assert.equal(w.sim.events.size, 1, 'one socket for two leases');
    a.dispose();
    a.dispose();
    assert.equal(streams.events(server), events, 'still leased');
    b.dispose();
    assert.equal(streams.events(server), undefined);
    await until(() => w!.sim.events.size === 0, 'socket closed');
    streams.use({ name: 'x', url: 'http://127.0.0.1:9' }).dispose();
    assert.equal(streams.list().length, 0);
  });

  it('refresh: a server removed from the settings loses its stream', async () => {
    w = await world();
    const streams = streamsOf(w);
    cleanup.push(streams);
    const server = getServers()[0];
    cleanup.push(streams.use(server));
    await until(() => streams.events(server)?.state.kind === 'up', 'up');
    fake.setSetting('lava.servers', []);
    streams.refresh();
    assert.equal(streams.events(server), undefined);
  });

  it('an unchanged server keeps its socket on a settings change; a changed one or a new token connects again', async () => {
    w = await world();
    const streams = streamsOf(w);
    cleanup.push(streams);
    const server = getServers()[0];
    cleanup.push(streams.use(server));
    const events = () => streams.events(getServers()[0])!;
    await until(() => events().state.kind === 'up', 'up');
    fake.setSetting('lava.servers', [{ name: 'sim', url: server.url }]);
    streams.refresh();
    assert.equal(w.sim.events.connections, 1, 'same entry: same socket');
    streams.tokenChanged(server.url);
    await until(() => w!.sim.events.connections === 2 && events().state.kind === 'up', 'the new token used');
    fake.setSetting('lava.servers', [{ name: 'renamed', url: server.url, username: 'admin' }]);
    streams.refresh();
    await until(() => w!.sim.events.connections === 3 && events().state.kind === 'up', 'the new entry used');
  });

  it("Watch My Jobs: the end of the token user's job submitted elsewhere is told, with a followed job's buttons", async () => {
    w = await world();
    fake.setSetting('lava.watchMyJobs', true);
    const streams = streamsOf(w);
    const watch = new JobWatch(streams, w.deps.follows);
    cleanup.push(streams, watch);
    const events = streams.events(getServers()[0])!;
    await until(() => events.state.kind === 'up', 'up');
    const seen: string[] = [];
    events.onEvent((e) => {
      if (e.kind === 'job' && e.state === 'Finished') seen.push(e.job);
    });
    quickJob(w.sim, '41', 'Incomplete', { submitter: 'someone-else' });
    await until(() => seen.includes('41'), "the other user's job ended");
    quickJob(w.sim, '42', 'Incomplete', { description: 'boot test' });
    const shown = await fake.message((m) => m.message.includes('job 42'));
    assert.equal(shown.severity, 'error');
    assert.equal(shown.message, 'LAVA job 42 (boot test) Incomplete');
    assert.deepEqual(shown.buttons, ['Go to Error', 'Resubmit', 'More…']);
    assert.ok(!fake.messages.some((m) => m.message.includes('job 41')), "another user's job is not told");
  });

  it("Watch My Jobs: a followed job's end is told once (by its follow); a job no longer followed is told when it ends", async () => {
    w = await world();
    fake.setSetting('lava.watchMyJobs', true);
    const streams = streamsOf(w);
    const watch = new JobWatch(streams, w.deps.follows);
    cleanup.push(streams, watch);
    const server = getServers()[0];
    const events = streams.events(server)!;
    await until(() => events.state.kind === 'up', 'up');
    quickJob(w.sim, '8', 'Complete');
    const followed = await w.deps.follows.follow(server, '8', { show: false });
    await followed.ended;
    quickJob(w.sim, '10', 'Complete', { submittedMs: 200 });
    const stopped = await w.deps.follows.follow(server, '10', { show: false });
    w.deps.follows.stop(stopped);
    await fake.message((m) => m.message.includes('job 10'));
    const told = fake.messages.filter((m) => /job (8|10)\b/.test(m.message)).map((m) => m.message);
    assert.equal(told.length, 2, told.join(' | '));
    assert.match(told[0], /^LAVA job 8 Complete/);
    assert.match(told[1], /^LAVA job 10 \(.*\) Complete$/);
  });

  it('Watch My Jobs off: nothing is told and no stream runs for it', async () => {
    w = await world();
    const streams = streamsOf(w);
    const watch = new JobWatch(streams, w.deps.follows);
    cleanup.push(streams, watch);
    assert.equal(streams.list().length, 0);
    fake.setSetting('lava.watchMyJobs', true);
    assert.equal(streams.list().length, 1, 'turned on: a lease on every server');
    fake.setSetting('lava.watchMyJobs', false);
    assert.equal(streams.list().length, 0);
  });

  it('a followed Running job silent for lava.quietMinutes is told once (Open Job Log, Cancel Job…, Resubmit) and marked', async () => {
    w = await world();
    fake.setSetting('lava.quietMinutes', 5);
    const clock = new VirtualClock();
    const streams = streamsOf(w);
    const watch = new JobWatch(streams, w.deps.follows, clock);
    cleanup.push(streams, watch);
    // Its whole log at once, then Running for a long time without a line
    quickJob(w.sim, '7', 'Complete', { finishDelayMs: 600_000 });
    const server = getServers()[0];
    const job = await w.deps.follows.follow(server, '7', { show: false });
    await until(() => job.log.recordCount > 0, 'the log');
    assert.equal(watch.quiet.isQuiet(server.url, '7'), false);
    clock.advance(5 * 60_000);
    const shown = await fake.message((m) => m.message.includes('printed nothing'));
    assert.equal(shown.message, 'LAVA job 7 is Running but has printed nothing for 5 minutes: is its board hung?');
    assert.equal(shown.severity, 'warning');
    assert.deepEqual(shown.buttons, ['Open Job Log', 'Cancel Job…', 'Resubmit']);
    assert.equal(watch.quiet.isQuiet(server.url, '7'), true);
    fake.answerMessages(() => 'Cancel Job…');
    w.deps.follows.stop(job);
    assert.equal(watch.quiet.isQuiet(server.url, '7'), false, 'no longer followed: no mark');
    assert.equal(fake.messages.filter((m) => m.message.includes('printed nothing')).length, 1);
  });

  it('Watch My Jobs loads the extension: at startup while on (remembered), and when turned on', async () => {
    fake.reset();
    const started = { list: [] as string[] };
    const starts = started.list;
    const context = () => ({
      subscriptions: [] as { dispose(): void }[],
      workspaceState: new FakeMemento(),
      globalState: new FakeMemento(),
    });
    const off = context();
    startLazily(off as never, [], () => starts.push('off'));
    assert.equal(starts.length, 0);
    fake.setSetting('lava.watchMyJobs', true);
    assert.deepEqual(starts, ['off'], 'turned on: loaded');
    const on = context();
    await on.globalState.update(WATCH_MY_JOBS_KEY, true);
    startLazily(on as never, [], () => starts.push('on'));
    assert.deepEqual(starts, ['off', 'on'], 'remembered: loaded at startup');
    for (const c of [...off.subscriptions, ...on.subscriptions]) c.dispose();

    w = await world();
    const remembered: boolean[] = [];
    const streams = streamsOf(w);
    const watch = new JobWatch(streams, w.deps.follows, undefined, (v) => remembered.push(v));
    cleanup.push(streams, watch);
    fake.setSetting('lava.watchMyJobs', true);
    fake.setSetting('lava.watchMyJobs', false);
    assert.deepEqual(remembered, [false, true, false]);
  });

  describe('lava.notifications', () => {
    const job = {
      label: 'LAVA job 7',
      jobId: '7',
      server: { name: 'lab', url: 'https://lava.example.org', api: 'rest' },
    } as unknown as ChannelFollow;
    const follows = {} as Follows;
    const told = async (level: string | undefined, health: 'Complete' | 'Incomplete' | 'Canceled' | 'failed') => {
      fake.reset();
      if (level) fake.setSetting('lava.notifications', level);
      await notifyEnd(
        follows,
        job,
        health === 'failed'
          ? { kind: 'failed', error: new (await import('../../../src/core/net/errors')).LavaError('network', 'x') }
          : { kind: 'finished', outcome: { health } },
      );
      return fake.messages.length === 1;
    };
    it('all (the default) tells every end; failures only Incomplete and failed follows; none nothing', async () => {
      assert.deepEqual([await told(undefined, 'Complete'), await told('all', 'Canceled'), await told('all', 'failed')], [true, true, true]);
      assert.deepEqual(
        [
          await told('failures', 'Complete'),
          await told('failures', 'Canceled'),
          await told('failures', 'Incomplete'),
          await told('failures', 'failed'),
        ],
        [false, false, true, true],
      );
      assert.deepEqual([await told('none', 'Incomplete'), await told('none', 'failed')], [false, false]);
    });
  });
});
