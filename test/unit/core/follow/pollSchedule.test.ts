import assert from 'node:assert/strict';
import { defaultFollowOptions } from '../../../../src/core/follow/follower';
import { PollObservation, PollSchedule, ScheduleOptions } from '../../../../src/core/follow/pollSchedule';
import { VirtualClock } from '../../helpers';

/** What a poll saw; by default nothing (a quiet, running job), at the clock's time. */
function seen(clock: VirtualClock, o: Partial<PollObservation> = {}): PollObservation {
  return { startedAt: clock.now(), now: clock.now(), grew: false, more: false, queued: false, restarted: false, ...o };
}

/** The schedule's waits for `n` polls that see `o`, the clock moving on by each. */
function waits(schedule: PollSchedule, clock: VirtualClock, n: number, o: Partial<PollObservation> = {}): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const wait = schedule.next(seen(clock, o));
    out.push(wait);
    clock.advance(wait);
  }
  return out;
}

const noCadence: ScheduleOptions = { ...defaultFollowOptions, cadence: false };

describe('PollSchedule (the virtual clock)', () => {
  it('has one set of defaults: after the hold the quiet delay jumps by backoffFactor 8 straight to the 3 s cap', () => {
    assert.equal(defaultFollowOptions.backoffFactor, 8);
    const clock = new VirtualClock();
    const s = new PollSchedule(noCadence);
    waits(s, clock, 1, { grew: true }); // the log's first lines: the start is over
    // 400 ms for the 2 s hold, then 400 × 8 capped at 3000 (a factor of 2.5 would give 1000 first).
    assert.deepEqual(waits(s, clock, 8), [400, 400, 400, 400, 400, 3000, 3000, 3000]);
  });

  it('asks minDelayMs after data that follows an empty poll, at once while it keeps coming or a page is cut short', () => {
    const clock = new VirtualClock();
    const s = new PollSchedule(noCadence);
    assert.deepEqual(waits(s, clock, 1, { grew: true }), [400]);
    assert.deepEqual(waits(s, clock, 2, { grew: true }), [0, 0]);
    assert.deepEqual(waits(s, clock, 2, { grew: true, more: true }), [0, 0]);
    assert.deepEqual(waits(s, clock, 1), [400]);
    assert.deepEqual(waits(s, clock, 1, { grew: true }), [400]);
  });

  it('polls every second for 7 s until the first lines, from the start and again when the job leaves the queue', () => {
    const clock = new VirtualClock();
    const s = new PollSchedule(noCadence);
    // Queued: the start's steps, then the backoff (a queue can be long).
    assert.deepEqual(waits(s, clock, 9, { queued: true }), [1000, 1000, 1000, 1000, 1000, 1000, 1000, 3000, 3000]);
    // Running: a second at a time again, for 7 s.
    assert.deepEqual(waits(s, clock, 9), [1000, 1000, 1000, 1000, 1000, 1000, 1000, 3000, 3000]);
    assert.equal(clock.now(), 26000);
  });

  it('never asks sooner than the source says nothing can change (waitMs)', () => {
    const clock = new VirtualClock();
    const s = new PollSchedule(noCadence);
    assert.deepEqual(waits(s, clock, 2, { waitMs: 4000 }), [4000, 4000]);
    assert.deepEqual(waits(s, clock, 1, { grew: true, more: true, waitMs: 50 }), [50]);
  });

  it("learns the server's 5 s uploads and then asks just after each, a few polls a period", () => {
    const clock = new VirtualClock();
    const s = new PollSchedule(defaultFollowOptions);
    const landings = Array.from({ length: 24 }, (_, k) => 1234 + k * 5000);
    let shown = 0;
    const polls: number[] = [];
    const found: number[] = [];
    while (shown < landings.length) {
      const startedAt = clock.now();
      polls.push(startedAt);
      clock.advance(20); // the round trip
      let grew = false;
      while (shown < landings.length && landings[shown] <= clock.now() - 10) {
        found.push(clock.now());
        shown++;
        grew = true;
      }
      clock.advance(s.next(seen(clock, { startedAt, grew })));
    }
    const late = found.map((at, k) => at - landings[k]);
    // Once learnt (the first few batches), each batch is found within a few hundred ms…
    const learnt = late.slice(6);
    for (const d of learnt) assert.ok(d <= 400, `found ${d} ms after it landed: ${late.join(', ')}`);
    assert.ok([...learnt].sort((x, y) => x - y)[learnt.length >> 1] <= 200, late.join(', '));
    // …with about two polls a period, where the 0.4 s hold and the 3 s backoff alone take 6.
    const lastPeriods = polls.filter((t) => t >= landings[12] && t < landings[22]).length;
    assert.ok(lastPeriods <= 25, `${lastPeriods} polls in 10 periods`);
  });
});
