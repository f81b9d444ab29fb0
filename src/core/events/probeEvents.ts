// Test Connection's question "are events available?": one connection attempt, its verdict.
import { systemClock } from '../util/clock';
import { EventStream, EventStreamDeps } from './eventStream';
import type { EventStreamState } from './lavaEvent';

/** How long an open socket is given to refuse us (2023.02+ accepts the socket, then sends `{"error": …}`). */
export const PROBE_GRACE_MS = 1500;

export type ProbeResult = Exclude<EventStreamState, { kind: 'connecting' }>;

/**
 * Connects once: `off` (setting or server), `refused` (our credentials), `down` with its error
 * (not retried), or `up` once the socket stayed open `graceMs` without refusing us. The stream
 * is stopped before the answer.
 */
export function probeEvents(deps: Omit<EventStreamDeps, 'backoff'>, graceMs = PROBE_GRACE_MS): Promise<ProbeResult> {
  const clock = deps.clock ?? systemClock;
  const stream = new EventStream(deps);
  const grace = new AbortController();
  return new Promise((resolve) => {
    const done = (state: ProbeResult) => {
      off();
      grace.abort();
      stream.stop();
      resolve(state);
    };
    const off = stream.onState((state) => {
      if (state.kind === 'connecting') return;
      if (state.kind !== 'up') return done(state);
      clock.sleep(graceMs, grace.signal).then(
        () => done(state),
        () => undefined,
      );
    });
    stream.start();
  });
}
