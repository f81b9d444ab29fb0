import assert from 'node:assert/strict';
import { defaultFollowOptions, JobFollower } from '../../../../src/core/follow/follower';
import { LogBatch, LogSource } from '../../../../src/core/follow/logSource';
import { gate, RecordingSink, VirtualClock } from '../../helpers';

/** Lets pending promises and immediates run until `done()` (a bounded number of turns, no time). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(done(), 'never happened');
}

/** A running job that never prints: counts polls, and how many were in flight at once at most. */
function quietSource(hold?: Promise<void>) {
  const seen = { polls: 0, inFlight: 0, most: 0 };
  const source: LogSource = {
    async next(): Promise<LogBatch> {
      seen.polls++;
      seen.inFlight++;
      seen.most = Math.max(seen.most, seen.inFlight);
      if (hold && seen.polls === 1) await hold;
      seen.inFlight--;
      return { finished: false };
    },
  };
  return { source, seen };
}

describe('JobFollower.wake (an event said the job changed)', () => {
  it('ends the wait at once: the next poll happens now, without the clock moving', async () => {
    const clock = new VirtualClock();
    const { source, seen } = quietSource();
    const follower = new JobFollower(source, new RecordingSink(), clock, defaultFollowOptions);
    const end = follower.run();
    await until(() => clock.pending === 1);
    assert.equal(seen.polls, 1);
    follower.wake();
    await until(() => seen.polls === 2 && clock.pending === 1);
    follower.wake();
    await until(() => seen.polls === 3 && clock.pending === 1);
    assert.equal(clock.now(), 0);
    // The schedule goes on as after any poll (the start's steps of a second).
    assert.deepEqual(clock.slept, [1000, 1000, 1000]);
    follower.stop();
    assert.equal((await end).kind, 'stopped');
  });

  it('during a poll: never a second poll at once, but the next one follows the poll in flight without a wait', async () => {
    const clock = new VirtualClock();
    const held = gate();
    const { source, seen } = quietSource(held.promise);
    const follower = new JobFollower(source, new RecordingSink(), clock, defaultFollowOptions);
    const end = follower.run();
    await until(() => seen.inFlight === 1);
    follower.wake();
    follower.wake();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(seen.polls, 1, 'a second poll started while the first was in flight');
    held.open();
    // The poll in flight may have asked before the change: the next one comes at once, once.
    await until(() => seen.polls === 2 && clock.pending === 1);
    assert.equal(clock.now(), 0);
    assert.deepEqual(clock.slept, [1000]);
    assert.equal(seen.most, 1);
    clock.advance(999);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(seen.polls, 2, 'the wake was taken twice');
    clock.advance(1);
    await until(() => seen.polls === 3);
    follower.stop();
    assert.equal((await end).kind, 'stopped');
  });

  it('does not hold a stop back, and a wake after the end does nothing', async () => {
    const clock = new VirtualClock();
    const { source, seen } = quietSource();
    const follower = new JobFollower(source, new RecordingSink(), clock, defaultFollowOptions);
    const end = follower.run();
    await until(() => clock.pending === 1);
    follower.stop();
    assert.equal((await end).kind, 'stopped');
    follower.wake();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(seen.polls, 1);
  });
});
