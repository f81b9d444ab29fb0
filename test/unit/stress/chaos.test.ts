/**
 * Issue #10, "Systematic proof": the chaos runner (test/stress/chaos.ts) with a small run count;
 * `npm run chaos` runs 1,000 follows per protocol.
 */
import assert from 'node:assert/strict';
import { formatReport, runChaos } from '../../stress/chaos';

describe('chaos: seeded faults over real HTTP, every run exact (CI size; npm run chaos for 1,000)', function () {
  this.timeout(120_000);

  it('40 follows per protocol end exact or by design, with bounded requests and nothing unhandled', async () => {
    const report = await runChaos({ runs: 40, protocol: 'both', lanes: 8, seed: 1 });
    if (process.env.CHAOS_DEBUG) console.log(formatReport(report));
    assert.deepEqual(report.unhandled, []);
    for (const p of report.protocols) {
      assert.deepEqual(p.failures, [], `${p.protocol}:\n${formatReport(report)}`);
      assert.equal((p.outcomes.finished ?? 0) + (p.outcomes['bad-answer-streak'] ?? 0), 40);
      assert.ok((p.outcomes.finished ?? 0) >= 30, formatReport(report));
      assert.ok(Object.keys(p.injected).length >= 8, `few fault kinds met: ${JSON.stringify(p.injected)}`);
    }
  });
});
