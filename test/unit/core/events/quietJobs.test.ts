// The quiet-job detector on the virtual clock: a Running job silent for the limit goes quiet once,
// output clears the mark, only Running jobs count, 0 turns it off.
import * as assert from 'node:assert/strict';
import { QuietChange, QuietJobs } from '../../../../src/core/events/quietJobs';
import { VirtualClock } from '../../helpers';

const MIN = 60_000;
const S = 'https://lava.example.org';

function setup(quietMs = 10 * MIN) {
  const clock = new VirtualClock();
  const quiet = new QuietJobs(clock, quietMs);
  const changes: QuietChange[] = [];
  quiet.onDidChange((c) => changes.push(c));
  return { clock, quiet, changes };
}

/** Lets the detector's loop run after the clock moved (its sleep resolves in a microtask). */
const settle = () => new Promise((r) => setImmediate(r));

describe('QuietJobs', () => {
  it('marks a Running job silent for the limit, once, from its own loop on the clock', async () => {
    const { clock, quiet, changes } = setup();
    quiet.track(S, '12', true);
    clock.advance(10 * MIN - 1);
    await settle();
    assert.equal(quiet.isQuiet(S, '12'), false);
    clock.advance(1);
    await settle();
    assert.equal(quiet.isQuiet(S, '12'), true);
    assert.deepEqual(changes, [{ serverUrl: S, jobId: '12', quiet: true, first: true }]);
  });

  it('output moves the deadline and clears the mark; a second silence is marked but not told again', async () => {
    const { clock, quiet, changes } = setup();
    quiet.track(S, '1', true);
    clock.advance(9 * MIN);
    quiet.output(S, '1');
    clock.advance(9 * MIN);
    await settle();
    assert.equal(quiet.isQuiet(S, '1'), false, 'silent 9 minutes since its output');
    clock.advance(MIN);
    await settle();
    assert.equal(quiet.isQuiet(S, '1'), true);
    quiet.output(S, '1');
    assert.equal(quiet.isQuiet(S, '1'), false);
    clock.advance(10 * MIN);
    await settle();
    assert.equal(quiet.isQuiet(S, '1'), true);
    assert.deepEqual(
      changes.map((c) => [c.quiet, c.first]),
      [
        [true, true],
        [false, false],
        [true, false],
      ],
    );
  });

  it('a job not Running is never quiet; its silence counts from when it runs', async () => {
    const { clock, quiet } = setup();
    quiet.track(S, '2');
    clock.advance(60 * MIN);
    await settle();
    quiet.check();
    assert.equal(quiet.isQuiet(S, '2'), false, 'queued for an hour is not quiet');
    quiet.running(S, '2', true);
    clock.advance(5 * MIN);
    quiet.check();
    assert.equal(quiet.isQuiet(S, '2'), false);
    clock.advance(5 * MIN);
    await settle();
    assert.equal(quiet.isQuiet(S, '2'), true);
    quiet.running(S, '2', false);
    assert.equal(quiet.isQuiet(S, '2'), false, 'Finished: no longer quiet');
  });

  it('forget drops the job and its mark; 0 turns detection off and clears the marks', async () => {
    const { clock, quiet } = setup();
    quiet.track(S, '3', true);
    quiet.track(S, '4', true);
    clock.advance(10 * MIN);
    await settle();
    assert.ok(quiet.isQuiet(S, '3') && quiet.isQuiet(S, '4'));
    quiet.forget(S, '3');
    assert.equal(quiet.isQuiet(S, '3'), false);
    assert.equal(quiet.size, 1);
    quiet.setQuietMs(0);
    assert.equal(quiet.isQuiet(S, '4'), false);
    quiet.output(S, '4');
    clock.advance(100 * MIN);
    await settle();
    quiet.check();
    assert.equal(quiet.isQuiet(S, '4'), false);
    assert.equal(quiet.nextDue(), undefined);
  });

  it('sleeps once until the next job is due, not in a busy loop, and not at all with nothing to watch', async () => {
    const { clock, quiet } = setup();
    await settle();
    assert.equal(clock.pending, 0, 'nothing tracked: no sleep');
    quiet.track(S, '5', true);
    clock.advance(3 * MIN);
    quiet.track(S, '6', true);
    await settle();
    assert.equal(clock.pending, 1);
    assert.deepEqual(clock.slept, [10 * MIN]);
    clock.advance(7 * MIN);
    await settle();
    assert.ok(quiet.isQuiet(S, '5') && !quiet.isQuiet(S, '6'));
    assert.deepEqual(clock.slept, [10 * MIN, 3 * MIN]);
    clock.advance(3 * MIN);
    await settle();
    assert.ok(quiet.isQuiet(S, '6'));
    assert.equal(clock.pending, 0, 'every job quiet: the loop ends');
    quiet.dispose();
  });

  it('a shorter limit set later applies at once', async () => {
    const { clock, quiet } = setup();
    quiet.track(S, '7', true);
    clock.advance(5 * MIN);
    quiet.setQuietMs(5 * MIN);
    await settle();
    assert.equal(quiet.isQuiet(S, '7'), true);
  });
});
