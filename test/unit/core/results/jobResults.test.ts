import assert from 'node:assert/strict';
import { fetchTestCases } from '../../../../src/core/protocols/rest/testResults';
import { compareWithPreviousRun, readJobResults } from '../../../../src/core/results/jobResults';
import { comparisonSummary } from '../../../../src/core/text/resultsText';
import { addComparePair, COMPARE_DESCRIPTION } from '../../../simulator/resultsJobs';
import { LavaSimulator } from '../../../simulator/server';

describe('Compare with Previous Run over the simulator', function () {
  this.timeout(30000);
  let sim: LavaSimulator;
  const deps = () => ({ fetch, timeoutMs: 5000 });
  const read = (id: string) => fetchTestCases(sim.url, id, deps());
  before(async () => {
    sim = await LavaSimulator.start({ port: 0 });
    addComparePair(sim, '10', '20');
  });
  after(async () => {
    await sim.close();
  });

  it('finds job 10 for job 20 and lists progress-loop as newly failing', async () => {
    const after = await readJobResults('20', read);
    assert.equal(after.complete, true);
    const out = await compareWithPreviousRun(
      sim.url,
      { id: '20', description: COMPARE_DESCRIPTION, deviceType: 'qemu' },
      after,
      deps(),
      read,
    );
    assert.ok(out);
    assert.equal(out.previousId, '10');
    assert.equal(out.complete, true);
    assert.deepEqual(
      out.comparisons.filter((c) => c.change !== 'unchanged').map((c) => `${c.suite}/${c.name} ${c.change}`),
      ['0_progress-demo/progress-loop newly-failing', '0_progress-demo/expected-failure still-failing'],
    );
    assert.equal(comparisonSummary(out.comparisons, out.previousId), 'Since job 10: 1 new failure.');
  });

  it('none for the first run', async () => {
    const after = await readJobResults('10', read);
    assert.equal(
      await compareWithPreviousRun(sim.url, { id: '10', description: COMPARE_DESCRIPTION, deviceType: 'qemu' }, after, deps(), read),
      undefined,
    );
  });
});
