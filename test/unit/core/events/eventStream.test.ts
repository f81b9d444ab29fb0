// EventStream over real sockets to the simulator's /ws/ (the real `ws` client): events arrive and
// map, the stream reconnects after the server drops (backoff on the virtual clock), bad frames are
// counted and never stop it, an auth error is `refused`, a frame over the bound closes the socket.
import * as assert from 'node:assert/strict';
import { EventStream, EventStreamDeps } from '../../../../src/core/events/eventStream';
import { eventsTarget, readMasterConfig } from '../../../../src/core/events/eventsTarget';
import type { EventStreamState, JobEvent, LavaEvent } from '../../../../src/core/events/lavaEvent';
import { wsSocketFactory } from '../../../../src/core/events/wsSocket';
import { probeEvents } from '../../../../src/core/events/probeEvents';
import { MAX_FRAME_BYTES } from '../../../../src/core/events/frames';
import type { ServerConfig } from '../../../../src/core/config/servers';
import { LavaSimulator, LavaSimulatorOptions } from '../../../simulator/server';
import { loadOutputYaml } from '../../../simulator/fixtures';
import { VirtualClock } from '../../helpers';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const fetch = globalThis.fetch.bind(globalThis);

interface Setup {
  sim: LavaSimulator;
  stream: EventStream;
  clock: VirtualClock;
  events: LavaEvent[];
  states: EventStreamState['kind'][];
}

let current: Setup | undefined;

async function setup(
  simOpts: LavaSimulatorOptions = {},
  opts: { server?: Partial<ServerConfig>; login?: { username: string; token: string }; deps?: Partial<EventStreamDeps> } = {},
): Promise<Setup> {
  const sim = await LavaSimulator.start(simOpts);
  const clock = new VirtualClock();
  const server: ServerConfig = { name: 'sim', url: sim.url, ...opts.server };
  const stream = new EventStream({
    socket: wsSocketFactory,
    target: () => eventsTarget(server, () => readMasterConfig(server.url, { fetch, timeoutMs: 5000 })),
    login: () => Promise.resolve(opts.login),
    clock,
    timeoutMs: 5000,
    ...opts.deps,
  });
  const events: LavaEvent[] = [];
  const states: EventStreamState['kind'][] = [];
  stream.onEvent((e) => events.push(e));
  stream.onState((s) => states.push(s.kind));
  current = { sim, stream, clock, events, states };
  return current;
}

afterEach(async () => {
  current?.stream.stop();
  await current?.sim.close();
  current = undefined;
});

/** Resolves once `check()` holds, looking again after each event or state change and each turn of the loop. */
function until(s: Setup, check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const guard = setTimeout(() => {
      done = true;
      reject(new Error(`never: ${what} (states ${s.states.join(',')})`));
    }, 10_000);
    const look = () => {
      if (done) return;
      if (!check()) {
        setTimeout(look, 1);
        return;
      }
      done = true;
      clearTimeout(guard);
      resolve();
    };
    look();
  });
}

const jobEvents = (s: Setup) => s.events.filter((e): e is JobEvent => e.kind === 'job');

describe('EventStream over the simulator', () => {
  it('connects to <origin>/ws/ and maps a job state change into a JobEvent', async () => {
    const s = await setup();
    s.stream.start();
    await until(s, () => s.stream.state.kind === 'up', 'up');
    const job = s.sim.addRestJob({
      id: '21',
      records: loadOutputYaml('complete'),
      health: 'Complete',
      submittedMs: 60_000,
      description: 'a job',
    });
    await until(s, () => jobEvents(s).some((e) => e.state === 'Submitted'), 'Submitted');
    job.cancel();
    await until(s, () => jobEvents(s).some((e) => e.state === 'Finished'), 'Finished');
    const [submitted, finished] = jobEvents(s);
    assert.deepEqual(
      [submitted.job, submitted.state, submitted.health, submitted.description, submitted.submitter, submitted.deviceType],
      ['21', 'Submitted', 'Unknown', 'a job', 'admin', 'qemu'],
    );
    assert.deepEqual([finished.state, finished.health], ['Finished', 'Canceled']);
    assert.ok(finished.endTime);
    assert.equal(s.stream.counts.malformed, 0);
  });

  it('publishes device events as a job takes and frees its device', async () => {
    const s = await setup();
    s.stream.start();
    await until(s, () => s.stream.state.kind === 'up', 'up');
    s.sim.addRestJob({
      id: '3',
      records: loadOutputYaml('complete').slice(0, 5),
      health: 'Complete',
      linesPerSecond: 1000,
      batchIntervalMs: 0,
      finishDelayMs: 50,
    });
    await until(s, () => s.events.some((e) => e.kind === 'device' && e.state === 'Idle'), 'device Idle');
    const devices = s.events.filter((e) => e.kind === 'device');
    assert.deepEqual(
      devices.map((d) => d.kind === 'device' && [d.device, d.state, d.job]),
      [
        ['qemu01', 'Running', '3'],
        ['qemu01', 'Idle', undefined],
      ],
    );
  });

  it('reconnects after the server drops, waiting the backoff on the clock', async () => {
    const s = await setup({}, { deps: { backoff: { initialMs: 1000, maxMs: 8000 } } });
    s.stream.start();
    await until(s, () => s.stream.state.kind === 'up', 'up');
    s.sim.events.dropClients();
    await until(s, () => s.stream.state.kind === 'down', 'down');
    const down = s.stream.state;
    assert.ok(down.kind === 'down' && down.retryAt === s.clock.now() + 1000);
    assert.equal(s.stream.counts.connects, 1, 'no reconnect before the clock moves');
    s.clock.advance(1000);
    await until(s, () => s.stream.state.kind === 'up', 'up again');
    assert.equal(s.stream.counts.connects, 2);
    s.sim.addRestJob({ id: '5', records: [], health: 'Complete', submittedMs: 60_000 });
    await until(s, () => jobEvents(s).some((e) => e.job === '5'), 'an event after the reconnect');
  });

  it('backs off exponentially up to the cap while the server is away, then resets once up', async () => {
    const s = await setup({}, { deps: { backoff: { initialMs: 1000, maxMs: 4000, stableMs: 0 } } });
    await s.sim.goDown();
    s.stream.start();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await until(s, () => s.stream.state.kind === 'down' && s.clock.pending > 0, `down ${i}`);
      const st = s.stream.state;
      assert.ok(st.kind === 'down');
      assert.ok(st.error.transient, st.error.kind);
      delays.push(st.retryAt - s.clock.now());
      s.clock.advance(st.retryAt - s.clock.now());
      await until(s, () => s.clock.pending === 0, 'woken');
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 4000, 4000]);
    await s.sim.goUp();
    await until(s, () => s.stream.state.kind === 'down' && s.clock.pending > 0, 'waiting');
    s.clock.advance(4000);
    await until(s, () => s.stream.state.kind === 'up', 'up');
    s.sim.events.dropClients();
    await until(s, () => s.stream.state.kind === 'down', 'down after up');
    const st = s.stream.state;
    assert.ok(st.kind === 'down' && st.retryAt - s.clock.now() === 1000, 'a stable connection starts the backoff again');
  });

  it('counts and drops bad frames, ignores other topics, and keeps going', async () => {
    const s = await setup();
    s.stream.start();
    await until(s, () => s.stream.state.kind === 'up', 'up');
    s.sim.events.sendRaw('[not json');
    s.sim.events.sendRaw(JSON.stringify(['org.lavasoftware.testjob', 'u', 'd', 'admin', '{broken']));
    s.sim.events.sendRaw(Buffer.from([0xff, 0x00, 0x01]), true);
    s.sim.events.sendRaw(JSON.stringify(['org.lavasoftware.event', 'u', 'd', 'admin', '{}']));
    s.sim.addRestJob({ id: '9', records: [], health: 'Complete', submittedMs: 60_000 });
    await until(s, () => jobEvents(s).some((e) => e.job === '9'), 'the good event after the bad frames');
    assert.deepEqual(s.stream.counts, { connects: 1, events: 1, ignored: 1, malformed: 3 });
    assert.equal(s.stream.state.kind, 'up');
  });

  it('closes the socket on a frame over the bound, before reading it, and reconnects', async () => {
    const s = await setup();
    s.stream.start();
    await until(s, () => s.stream.state.kind === 'up', 'up');
    s.sim.events.sendRaw(JSON.stringify(['org.lavasoftware.testjob', 'u', 'd', 'admin', 'x'.repeat(MAX_FRAME_BYTES)]));
    await until(s, () => s.stream.state.kind === 'down', 'down');
    const st = s.stream.state;
    assert.ok(st.kind === 'down' && st.error.kind === 'too-large', st.kind === 'down' ? st.error.kind : st.kind);
    s.clock.advance(1000);
    await until(s, () => s.stream.state.kind === 'up', 'up again');
  });

  it('2023.02+: a bad token gets the {"error": …} frame: refused, and not retried', async () => {
    const s = await setup({ lavaVersion: '2024.09', token: 'good' }, { login: { username: 'admin', token: 'bad' } });
    s.stream.start();
    await until(s, () => s.stream.state.kind === 'refused', 'refused');
    const st = s.stream.state;
    assert.ok(st.kind === 'refused' && st.message === 'Invalid credentials');
    s.clock.advance(600_000);
    await new Promise((r) => setImmediate(r));
    assert.equal(s.sim.events.connections, 1);
    assert.equal(s.clock.pending, 0);
  });

  it('2023.02+: the right token is sent as Basic user:token and accepted; 2023.01 takes any', async () => {
    const s = await setup({ lavaVersion: '2024.09', token: 'good' }, { login: { username: 'admin', token: 'good' } });
    s.stream.start();
    await until(s, () => s.stream.state.kind === 'up', 'up');
    s.stream.stop();
    await s.sim.close();
    const old = await setup({ token: 'good' }, { login: { username: 'admin', token: 'bad' } });
    old.stream.start();
    await until(old, () => old.stream.state.kind === 'up', 'up on 2023.01');
  });

  it('2023.02+: a private job is published only to who may see it', async () => {
    const s = await setup(
      { lavaVersion: '2024.09', token: 'good', users: [{ user: 'bob', token: 'bobs' }] },
      { login: { username: 'bob', token: 'bobs' } },
    );
    s.stream.start();
    await until(s, () => s.stream.state.kind === 'up', 'up');
    s.sim.addRestJob({ id: '1', records: [], health: 'Complete', submittedMs: 60_000, private: true, submitter: 'admin' });
    s.sim.addRestJob({ id: '2', records: [], health: 'Complete', submittedMs: 60_000 });
    await until(s, () => jobEvents(s).some((e) => e.job === '2'), 'the public job');
    assert.deepEqual(
      jobEvents(s).map((e) => e.job),
      ['2'],
    );
  });

  it('is off when master_config says EVENT_NOTIFICATION false, or the setting says off (nothing asked)', async () => {
    const s = await setup({ events: { notification: false } });
    s.stream.start();
    await until(s, () => s.stream.state.kind === 'off', 'off');
    assert.deepEqual(s.stream.state, { kind: 'off', reason: 'server' });
    s.stream.stop();
    await s.sim.close();
    const o = await setup({}, { server: { events: 'off' } });
    o.stream.start();
    await until(o, () => o.stream.state.kind === 'off', 'off');
    assert.deepEqual(o.stream.state, { kind: 'off', reason: 'setting' });
    assert.equal(o.sim.requests.length, 0);
  });

  it('uses the topic prefix of master_config, and an events URL set by hand', async () => {
    const s = await setup({ events: { topic: 'org.example' } });
    const url = s.sim.url.replace('http:', 'ws:') + '/ws/';
    s.stream.stop();
    const stream = new EventStream({
      socket: wsSocketFactory,
      target: () =>
        eventsTarget({ name: 'x', url: 'http://127.0.0.1:1', events: url }, () => readMasterConfig(s.sim.url, { fetch, timeoutMs: 5000 })),
      login: () => Promise.resolve(undefined),
      clock: s.clock,
    });
    const seen: LavaEvent[] = [];
    stream.onEvent((e) => seen.push(e));
    s.stream = stream;
    stream.start();
    await until(s, () => stream.state.kind === 'up', 'up');
    s.sim.events.sendRaw(
      JSON.stringify(['org.lavasoftware.testjob', 'u', 'd', 'admin', JSON.stringify({ job: 1, state: 'Running', health: 'Unknown' })]),
    );
    s.sim.addRestJob({ id: '4', records: [], health: 'Complete', submittedMs: 60_000 });
    await until(s, () => seen.length > 0, 'an event');
    assert.deepEqual(
      seen.map((e) => e.kind === 'job' && e.job),
      ['4'],
    );
    assert.equal(stream.counts.ignored, 1);
  });

  it('stop() closes the socket and ends the loop; a listener that throws does not stop the stream', async () => {
    const s = await setup();
    s.stream.onEvent(() => {
      throw new Error('a listener bug');
    });
    s.stream.start();
    await until(s, () => s.stream.state.kind === 'up', 'up');
    s.sim.addRestJob({ id: '6', records: [], health: 'Complete', submittedMs: 60_000 });
    s.sim.addRestJob({ id: '7', records: [], health: 'Complete', submittedMs: 60_000 });
    await until(s, () => jobEvents(s).length === 2, 'both events');
    s.stream.stop();
    await new Promise<void>((resolve) => {
      const look = () => (s.sim.events.size === 0 ? resolve() : setImmediate(look));
      look();
    });
    assert.equal(s.clock.pending, 0);
  });

  it('an events URL answering HTTP 401/403 is refused; 404 (no /ws/ behind the proxy) is down and retried', async () => {
    const statuses = [401, 403, 404];
    const server = http.createServer((_req, res) => res.end());
    let status = 0;
    server.on('upgrade', (_req, socket) => socket.end(`HTTP/1.1 ${status} No\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws/`;
    try {
      const seen: string[] = [];
      for (status of statuses) {
        const stream = new EventStream({
          socket: wsSocketFactory,
          target: () => Promise.resolve({ kind: 'socket', url, topic: undefined }),
          login: () => Promise.resolve(undefined),
          clock: new VirtualClock(),
        });
        stream.start();
        await new Promise<void>((resolve) => {
          const look = () => (stream.state.kind === 'refused' || stream.state.kind === 'down' ? resolve() : setTimeout(look, 1));
          look();
        });
        const st = stream.state;
        seen.push(st.kind === 'down' ? `down ${st.error.kind}` : st.kind === 'refused' ? `refused ${st.message}` : st.kind);
        stream.stop();
      }
      assert.deepEqual(seen, ['refused HTTP 401', 'refused HTTP 403', 'down not-found']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('probeEvents (Test Connection): up, refused, off, or down with the error, and nothing left open', async () => {
    const s = await setup({ lavaVersion: '2024.09', token: 'good' });
    const probe = (server: ServerConfig, token: string) =>
      probeEvents({
        socket: wsSocketFactory,
        target: () => eventsTarget(server, () => readMasterConfig(server.url, { fetch, timeoutMs: 5000 })),
        login: () => Promise.resolve({ username: 'admin', token }),
        clock: s.clock,
      });
    const server: ServerConfig = { name: 'sim', url: s.sim.url };
    const good = probe(server, 'good');
    await until(s, () => s.clock.pending > 0, 'open, waiting for a refusal');
    s.clock.advance(1500);
    assert.equal((await good).kind, 'up');
    assert.deepEqual(await probe(server, 'bad'), { kind: 'refused', message: 'Invalid credentials' });
    assert.deepEqual(await probe({ ...server, events: 'off' }, 'good'), { kind: 'off', reason: 'setting' });
    const down = await probe({ name: 'x', url: 'http://127.0.0.1:9' }, 'good');
    assert.ok(down.kind === 'down' && down.error.kind === 'network');
    await until(s, () => s.sim.events.size === 0, 'every probe socket closed');
    assert.equal(s.clock.pending, 0, 'no retry left waiting');
  });
});
