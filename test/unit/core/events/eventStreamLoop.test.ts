// EventStream's loop over a socket factory of the test's own (no network): sockets that fail at
// once, stop() at every step, restart() after a refusal. Time only moves on the virtual clock.
import * as assert from 'node:assert/strict';
import { EventSocketHandlers, EventStream } from '../../../../src/core/events/eventStream';
import type { EventsTarget } from '../../../../src/core/events/eventsTarget';
import { LavaError } from '../../../../src/core/net/errors';
import { VirtualClock } from '../../helpers';

const settle = () => new Promise((r) => setImmediate(r));

function harness(opts: { target?: () => Promise<EventsTarget> } = {}) {
  const clock = new VirtualClock();
  const sockets: { url: string; authorization?: string; handlers: EventSocketHandlers; closed: boolean }[] = [];
  let onOpen: (h: EventSocketHandlers) => void = () => undefined;
  const stream = new EventStream({
    clock,
    target: opts.target ?? (() => Promise.resolve({ kind: 'socket', url: 'wss://lava.example.org/ws/', topic: 'org.lavasoftware' })),
    login: () => Promise.resolve({ username: 'admin', token: 'tok' }),
    socket: (url, options, handlers) => {
      const s = { url, authorization: options.authorization, handlers, closed: false };
      sockets.push(s);
      onOpen(handlers);
      return {
        close: () => {
          if (s.closed) return;
          s.closed = true;
          handlers.close({ kind: 'closed', error: new LavaError('aborted', 'closed') });
        },
      };
    },
  });
  return { clock, stream, sockets, setOnOpen: (f: (h: EventSocketHandlers) => void) => (onOpen = f) };
}

describe('EventStream loop (a socket factory of its own)', () => {
  it('sends Basic user:token, and survives a socket that fails inside the factory call', async () => {
    const h = harness();
    h.setOnOpen((handlers) => handlers.close({ kind: 'closed', error: new LavaError('network', 'refused') }));
    h.stream.start();
    await settle();
    assert.equal(h.sockets.length, 1);
    assert.equal(h.sockets[0].authorization, `Basic ${Buffer.from('admin:tok').toString('base64')}`);
    assert.equal(h.stream.state.kind, 'down');
    h.clock.advance(1000);
    await settle();
    assert.equal(h.sockets.length, 2);
    h.stream.stop();
  });

  it('stop() while the target is asked opens nothing; stop() while connecting closes the socket', async () => {
    let answer!: (t: EventsTarget) => void;
    const h = harness({ target: () => new Promise((resolve) => (answer = resolve)) });
    h.stream.start();
    h.stream.stop();
    answer({ kind: 'socket', url: 'wss://x/ws/', topic: undefined });
    await settle();
    assert.equal(h.sockets.length, 0);

    const h2 = harness();
    h2.stream.start();
    await settle();
    assert.equal(h2.sockets.length, 1);
    h2.stream.stop();
    assert.equal(h2.sockets[0].closed, true);
    await settle();
    assert.equal(h2.clock.pending, 0, 'no reconnect after stop');
  });

  it('a refusal ends the loop; restart() tries again (a new token)', async () => {
    const h = harness();
    h.stream.start();
    await settle();
    h.sockets[0].handlers.open();
    h.sockets[0].handlers.message('{"error": "Invalid credentials"}');
    await settle();
    assert.deepEqual(h.stream.state, { kind: 'refused', message: 'Invalid credentials' });
    assert.equal(h.sockets[0].closed, true);
    h.stream.restart();
    await settle();
    assert.equal(h.sockets.length, 2);
    h.sockets[1].handlers.open();
    assert.equal(h.stream.state.kind, 'up');
    h.stream.stop();
  });

  it('frames after a refusal or after the close are not delivered', async () => {
    const h = harness();
    const got: string[] = [];
    h.stream.onEvent((e) => got.push(e.kind));
    h.stream.start();
    await settle();
    const { handlers } = h.sockets[0];
    handlers.open();
    const frame = JSON.stringify([
      'org.lavasoftware.worker',
      'u',
      'd',
      'lavaserver',
      JSON.stringify({ hostname: 'w', state: 'Online', health: 'Active' }),
    ]);
    handlers.message(frame);
    handlers.message('{"error": "no"}');
    handlers.message(frame);
    assert.deepEqual(got, ['worker']);
    h.stream.stop();
  });
});
