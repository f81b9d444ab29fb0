import assert from 'node:assert/strict';
import { PollDelay, RetryBackoff } from '../../../../src/core/follow/pollDelay';

describe('PollDelay', () => {
  it('polls at once while data comes, then backs off to the cap, and resets on data', () => {
    const d = new PollDelay({ minMs: 500, maxMs: 3000, holdMs: 0, factor: 1.5, startMs: 0, startStepMs: 0 });
    assert.equal(d.next(true), 0);
    const quiet = [d.next(false), d.next(false), d.next(false), d.next(false), d.next(false), d.next(false)];
    assert.deepEqual(quiet, [500, 750, 1125, 1688, 2532, 3000]);
    assert.equal(d.next(false), 3000);
    assert.equal(d.next(true), 0);
    assert.equal(d.next(false), 500);
  });
});

describe('PollDelay with a hold', () => {
  it('stays at the minimum for the hold time after data, then grows to the cap', () => {
    const d = new PollDelay({ minMs: 400, maxMs: 3500, holdMs: 2000, factor: 1.6, startMs: 0, startStepMs: 0 });
    assert.equal(d.next(true), 0);
    const quiet = Array.from({ length: 10 }, () => d.next(false));
    assert.deepEqual(quiet, [400, 400, 400, 400, 400, 640, 1024, 1638, 2621, 3500]);
    assert.equal(d.next(true), 0);
    assert.equal(d.next(false), 400);
  });
});

describe('PollDelay with a start', () => {
  it('polls every startStepMs until the first data, for startMs, from the first poll and again after begin()', () => {
    const d = new PollDelay({ minMs: 400, maxMs: 3000, holdMs: 2000, factor: 8, startMs: 4000, startStepMs: 1000 });
    assert.deepEqual(
      Array.from({ length: 6 }, () => d.next(false)),
      [1000, 1000, 1000, 1000, 3000, 3000],
    );
    d.begin(); // the job left the queue
    assert.equal(d.next(false), 1000);
    // Data ends the start: after it, the hold, then the cap.
    assert.equal(d.next(true), 0);
    assert.deepEqual(
      Array.from({ length: 7 }, () => d.next(false)),
      [400, 400, 400, 400, 400, 3000, 3000],
    );
    d.begin();
    assert.deepEqual([d.next(false), d.next(false)], [1000, 1000]);
  });
});

describe('RetryBackoff', () => {
  it('doubles up to its cap and resets', () => {
    const r = new RetryBackoff(500, 5000);
    assert.equal(r.failing, false);
    assert.deepEqual([r.next(), r.next(), r.next(), r.next(), r.next(), r.next()], [500, 1000, 2000, 4000, 5000, 5000]);
    assert.equal(r.failing, true);
    r.reset();
    assert.equal(r.next(), 500);
  });
});
