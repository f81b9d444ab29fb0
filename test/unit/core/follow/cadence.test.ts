import * as assert from 'assert';
import { Cadence } from '../../../../src/core/follow/cadence';
import { Clock } from '../../../../src/core/util/clock';
import { defaultFollowOptions, FollowOptions, JobFollower } from '../../../../src/core/follow/follower';
import { LogBatch, LogSource } from '../../../../src/core/follow/logSource';
import { RecordingSink } from '../../helpers';

/** A clock whose sleeps pass at once, moving its time on. */
function virtualClock(): Clock & { t: number } {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) return Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      clock.t += ms;
      return Promise.resolve();
    },
  };
  return clock;
}

/**
 * A log that lands in batches at the given times (one line each, ms on the virtual clock); each
 * poll costs `rttMs`; the job ends after `endAt`. Records every poll and when each line was delivered.
 */
function batchedSource(clock: Clock & { t: number }, landings: number[], endAt: number, hidden = false) {
  let next = 0;
  const polls: number[] = [];
  const delivered: number[] = [];
  const source: LogSource = {
    next(_signal, deliver): Promise<LogBatch> {
      polls.push(clock.t);
      clock.t += 20; // the request's round trip
      let n = 0;
      while (next < landings.length && landings[next] <= clock.t - 10) {
        delivered.push(clock.t);
        next++;
        n++;
      }
      if (!hidden && n > 0) deliver({ kind: 'text', text: 'x\n'.repeat(n) });
      return Promise.resolve({ received: n, finished: clock.t > endAt && next === landings.length });
    },
  };
  return { source, polls, delivered, count: () => next };
}

function follow(source: LogSource, clock: Clock, options: FollowOptions = defaultFollowOptions) {
  return new JobFollower(source, new RecordingSink(), clock, options).run();
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const delaysOf = (landings: number[], delivered: number[]) => landings.map((l, i) => delivered[i] - l);

describe('Cadence (batches of LAVA log uploads, injected clock)', () => {
  it('learns a 5 s period and its phase from polls, then asks just after each batch', async () => {
    const clock = virtualClock();
    const landings = Array.from({ length: 40 }, (_, k) => 1234 + k * 5000);
    const src = batchedSource(clock, landings, landings[landings.length - 1]);
    const end = await follow(src.source, clock);
    assert.equal(end.kind, 'finished');
    assert.equal(src.count(), landings.length);
    const late = delaysOf(landings, src.delivered).slice(12);
    assert.ok(median(late) <= 300 && Math.max(...late) <= 500, `delays after learning: ${late.join(', ')}`);
    // After learning, about two polls per batch instead of ~11 (hold + ramp).
    const after = src.polls.filter((t) => t > landings[8]).length / (landings.length - 9);
    assert.ok(after <= 2.5, `${after.toFixed(2)} polls per batch`);
  });

  it('follows a change of interval (5 s → 2 s) and a phase shift after a quiet spell, missing nothing', async () => {
    const clock = virtualClock();
    const a = Array.from({ length: 16 }, (_, k) => 700 + k * 5000); // ends at 75.7 s
    const b = Array.from({ length: 20 }, (_, k) => 76900 + k * 2000); // 2 s, new phase
    const c = Array.from({ length: 16 }, (_, k) => 146300 + k * 5000); // quiet 30 s, then 5 s again, new phase
    const landings = [...a, ...b, ...c];
    const src = batchedSource(clock, landings, landings[landings.length - 1]);
    const end = await follow(src.source, clock);
    assert.equal(end.kind, 'finished');
    assert.equal(src.count(), landings.length);
    const d = delaysOf(landings, src.delivered);
    // Within each regime, once learnt again, batches are picked up at once.
    for (const [from, to] of [
      [10, 16],
      [a.length + 8, a.length + b.length],
      [a.length + b.length + 10, landings.length],
    ]) {
      const mid = median(d.slice(from, to));
      assert.ok(mid <= 350, `landings ${from}-${to}: median delay ${mid} ms (${d.slice(from, to).join(', ')})`);
    }
  });

  it('keeps polling bounded while the job is quiet, and finds the first batch after it', async () => {
    const clock = virtualClock();
    const landings = [...Array.from({ length: 10 }, (_, k) => 300 + k * 5000), 300 + 9 * 5000 + 60000 + 1700];
    const src = batchedSource(clock, landings, landings[landings.length - 1]);
    await follow(src.source, clock);
    const quiet = src.polls.filter((t) => t > landings[9] + 1000 && t < landings[10]).length;
    assert.ok(quiet <= 35, `${quiet} polls in the quiet minute`);
    assert.ok(src.delivered[10] - landings[10] <= defaultFollowOptions.maxDelayMs + 50);
  });

  it('finds no period in lines that come at random', () => {
    const cadence = new Cadence();
    let t = 0;
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 400; i++) {
      t += 400;
      cadence.observe(t, rnd() < 0.3);
      if (i > 50 && cadence.period !== undefined) {
        // A false lock may happen by chance; it must not last.
        const at = t;
        let locked = 0;
        for (let j = 0; j < 20; j++) {
          t += 400;
          cadence.observe(t, rnd() < 0.3);
          if (cadence.period !== undefined) locked++;
        }
        assert.ok(locked < 20, `locked on ${cadence.period} ms from ${at}`);
      }
    }
  });

  it('probes for the likely 5 s batches only after a landing that came that far from the one before it', () => {
    // Lines printed 0.1-2 s apart and fetched as they come: no probe, the usual hold and backoff decide.
    const active = new Cadence();
    for (let t = 0; t <= 8000; t += 400) active.observe(t, t % 1200 === 0 && t > 0);
    assert.equal(active.advise(8100), undefined);
    // The first landing, and one ~5 s after the previous: the likely period's next window is probed.
    const batched = new Cadence();
    batched.observe(0, false);
    batched.observe(400, true);
    assert.equal(batched.advise(500)?.probe, true);
    for (let t = 800; t <= 5000; t += 400) batched.observe(t, false);
    batched.observe(5400, true);
    assert.ok(batched.advise(5500) !== undefined, 'no advice after two landings 5 s apart');
  });

  it('lines that come at random cost no probes: a quiet spell after them is polled as without the cadence', async () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const landings: number[] = [];
    let t = 1000;
    for (let phase = 0; phase < 6; phase++) {
      for (let i = 0; i < 15; i++) landings.push((t += 100 + rnd() * 1900));
      t += 40000;
    }
    const quietPolls = async (options: FollowOptions) => {
      const clock = virtualClock();
      const src = batchedSource(clock, landings, landings[landings.length - 1]);
      await follow(src.source, clock, options);
      assert.equal(src.count(), landings.length);
      const counts: number[] = [];
      for (let i = 14; i < landings.length - 1; i += 15)
        counts.push(src.polls.filter((p) => p > landings[i] && p < landings[i + 1]).length);
      return counts;
    };
    const ours = await quietPolls(defaultFollowOptions);
    const without = await quietPolls({ ...defaultFollowOptions, cadence: false });
    ours.forEach((n, k) => assert.ok(n <= without[k], `quiet spell ${k}: ${n} polls, ${without[k]} without the cadence`));
  });

  it('asks closely (every startStepMs) for the first upload of a job that has just left the queue, however long it waited', async () => {
    const clock = virtualClock();
    const runningAt = 40_000;
    const landings = [runningAt + 4_300, runningAt + 9_300];
    const inner = batchedSource(clock, landings, landings[1]);
    const polls: number[] = [];
    const source: LogSource = {
      next: (signal, deliver) => {
        if (clock.t < runningAt) {
          polls.push(clock.t);
          return Promise.resolve({ finished: false, queued: true });
        }
        return inner.source.next(signal, deliver);
      },
    };
    await follow(source, clock);
    assert.equal(inner.count(), 2);
    // Queued: the usual backoff (a queue can be long), not a poll a second.
    assert.ok(polls.length <= 20, `${polls.length} polls while queued for 40 s`);
    const first = inner.delivered[0] - landings[0];
    assert.ok(first <= (defaultFollowOptions.startStepMs ?? 0) + 50, `the first upload waited ${first} ms`);
  });

  it('hidden levels do not slow polling: a run of records the filter hides keeps the follower asking at once', async () => {
    // The source counts what it received (`received`), shown or not: REST's debug records with `debug` hidden.
    const clock = virtualClock();
    const landings = Array.from({ length: 60 }, (_, k) => 100 + k * 150); // a debug record every 150 ms
    const shown = batchedSource(clock, landings, landings[landings.length - 1]);
    await follow(shown.source, clock);
    const clock2 = virtualClock();
    const hidden = batchedSource(clock2, landings, landings[landings.length - 1], true);
    await follow(hidden.source, clock2);
    assert.equal(hidden.count(), landings.length);
    assert.deepStrictEqual(delaysOf(landings, hidden.delivered), delaysOf(landings, shown.delivered));
    // The first records wait for the next poll of the start (a log not yet begun); once it has begun, each is asked for at once.
    const delays = delaysOf(landings, hidden.delivered);
    assert.ok(delays[0] <= (defaultFollowOptions.startStepMs ?? 0) + 50, `first delay ${delays[0]} ms`);
    const worst = Math.max(...delays.filter((_, k) => landings[k] > hidden.delivered[0]));
    assert.ok(worst <= defaultFollowOptions.minDelayMs + 50, `worst delay ${worst} ms`);
  });
});
