/**
 * Issue #10, "Systematic proof": 50 concurrent follows for 15 s (test/stress/load.ts);
 * `npm run stress -- --seconds 120` for the full run.
 */
import assert from 'node:assert/strict';
import { formatLoadReport, runLoad } from '../../stress/load';

describe('load: 50 concurrent follows (CI size: 15 s; npm run stress -- --seconds 120)', function () {
  this.timeout(90_000);

  it('every output exact, request rates bounded, nothing left behind after the follows end', async () => {
    const report = await runLoad({ seconds: 15, follows: 50 });
    if (process.env.LOAD_DEBUG) console.log(formatLoadReport(report));
    assert.deepEqual(report.failures, [], formatLoadReport(report));
    assert.equal(report.follows.length, 50);
    assert.equal(report.simSocketsAfter, 0);
    assert.equal(report.abortListenersAfter, 0);
  });
});
