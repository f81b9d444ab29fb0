import assert from 'node:assert/strict';
import { PollDelay, RetryBackoff } from '../../src/core/pollDelay';

describe('PollDelay', () => {
  it('polls at once while data comes, then backs off to the cap, and resets on data', () => {
    const d = new PollDelay({ minMs: 500, maxMs: 3000 });
    assert.equal(d.next(true), 0);
    const quiet = [d.next(false), d.next(false), d.next(false), d.next(false), d.next(false), d.next(false)];
    assert.deepEqual(quiet, [500, 750, 1125, 1688, 2532, 3000]);
    assert.equal(d.next(false), 3000);
    assert.equal(d.next(true), 0);
    assert.equal(d.next(false), 500);
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
