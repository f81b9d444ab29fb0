import assert from 'node:assert/strict';
import type { CaseChange, CaseResult } from '../../../../src/core/model/results';
import { compareResults, measurementMoved } from '../../../../src/core/results/compare';
import { CaseResults } from '../../../../src/core/results/caseResults';
import { parseRecordLine } from '../../../../src/core/log/records';
import { loadOutputYaml } from '../../../simulator/fixtures';
import { progressLoopFailingRecords } from '../../../simulator/resultsJobs';

const c = (name: string, result: string, extra: Partial<CaseResult> = {}, suite = 's'): CaseResult => ({
  suite,
  name,
  result,
  outcome: result === 'pass' || result === 'fail' || result === 'skip' ? result : 'unknown',
  ...extra,
});

describe('compareResults: per case, what changed since the previous run', () => {
  const rows: [string, CaseResult[], CaseResult[], [string, CaseChange][]][] = [
    ['pass → fail: newly failing', [c('a', 'pass')], [c('a', 'fail')], [['a', 'newly-failing']]],
    ['fail → pass: newly passing', [c('a', 'fail')], [c('a', 'pass')], [['a', 'newly-passing']]],
    ['fail → fail: still failing', [c('a', 'fail')], [c('a', 'fail')], [['a', 'still-failing']]],
    ['skip → fail: newly failing', [c('a', 'skip')], [c('a', 'fail')], [['a', 'newly-failing']]],
    ['unknown → fail: newly failing', [c('a', 'weird')], [c('a', 'fail')], [['a', 'newly-failing']]],
    ['fail → skip: not passing, so not newly passing', [c('a', 'fail')], [c('a', 'skip')], [['a', 'unchanged']]],
    ['pass → pass: unchanged', [c('a', 'pass')], [c('a', 'pass')], [['a', 'unchanged']]],
    ['only after: new (a new failing case is new, not newly failing)', [], [c('a', 'fail')], [['a', 'new']]],
    ['only before: gone', [c('a', 'pass')], [], [['a', 'gone']]],
    [
      'measurement +20 %: moved',
      [c('a', 'pass', { measurement: '10', unit: 'MB/s' })],
      [c('a', 'pass', { measurement: '12', unit: 'MB/s' })],
      [['a', 'measurement-moved']],
    ],
    [
      'measurement +5 %: unchanged',
      [c('a', 'pass', { measurement: '10', unit: 'MB/s' })],
      [c('a', 'pass', { measurement: '10.5', unit: 'MB/s' })],
      [['a', 'unchanged']],
    ],
    [
      'measurement −20 %: moved',
      [c('a', 'pass', { measurement: '10' })],
      [c('a', 'pass', { measurement: '8' })],
      [['a', 'measurement-moved']],
    ],
    [
      'measurement from 0: any change moved',
      [c('a', 'pass', { measurement: '0' })],
      [c('a', 'pass', { measurement: '0.001' })],
      [['a', 'measurement-moved']],
    ],
    [
      'other unit: moved',
      [c('a', 'pass', { measurement: '10', unit: 'MB/s' })],
      [c('a', 'pass', { measurement: '10', unit: 'kB/s' })],
      [['a', 'measurement-moved']],
    ],
    ['one side unmeasured: unchanged', [c('a', 'pass')], [c('a', 'pass', { measurement: '10' })], [['a', 'unchanged']]],
    [
      'a failure beats a moved measurement',
      [c('a', 'pass', { measurement: '1' })],
      [c('a', 'fail', { measurement: '9' })],
      [['a', 'newly-failing']],
    ],
    [
      'a repeated name is matched by occurrence',
      [c('d', 'pass'), c('d', 'pass')],
      [c('d', 'pass'), c('d', 'fail'), c('d', 'pass')],
      [
        ['d', 'unchanged'],
        ['d', 'newly-failing'],
        ['d', 'new'],
      ],
    ],
    [
      'same name in another suite is another case',
      [c('a', 'pass', {}, 's1')],
      [c('a', 'fail', {}, 's2')],
      [
        ['a', 'new'],
        ['a', 'gone'],
      ],
    ],
  ];
  for (const [title, before, after, expected] of rows) {
    it(title, () => {
      assert.deepEqual(
        compareResults(before, after).map((x) => [x.name, x.change]),
        expected,
      );
    });
  }

  it('the threshold is an option (relative)', () => {
    const before = [c('a', 'pass', { measurement: '10' })];
    const after = [c('a', 'pass', { measurement: '10.5' })];
    assert.equal(compareResults(before, after, { measurementThreshold: 0.01 })[0].change, 'measurement-moved');
    assert.equal(compareResults(before, after, { measurementThreshold: 0.1 })[0].change, 'unchanged');
  });

  it('a measurement that is not a number is compared as text', () => {
    assert.equal(measurementMoved(c('a', 'pass', { measurement: 'n/a' }), c('a', 'pass', { measurement: 'n/a' }), 0.1), false);
    assert.equal(measurementMoved(c('a', 'pass', { measurement: 'n/a' }), c('a', 'pass', { measurement: '' }), 0.1), true);
  });

  it("LAVA's own suite comes after the user's, each in run order; before/after kept", () => {
    const before = [c('job', 'pass', {}, 'lava'), c('x', 'pass')];
    const after = [c('validate', 'pass', {}, 'lava'), c('x', 'fail'), c('job', 'pass', {}, 'lava')];
    const out = compareResults(before, after);
    assert.deepEqual(
      out.map((x) => `${x.suite}/${x.name} ${x.change}`),
      ['s/x newly-failing', 'lava/validate new', 'lava/job unchanged'],
    );
    assert.equal(out[0].before, before[1]);
    assert.equal(out[0].after, after[1]);
  });

  it('the simulator pair: the second run fails progress-loop, which the first passed', () => {
    const casesOf = (lines: string[]) => {
      const r = new CaseResults();
      lines.forEach((l, i) => r.add(parseRecordLine(l), i));
      return r.cases;
    };
    const out = compareResults(casesOf(loadOutputYaml('complete')), casesOf(progressLoopFailingRecords()));
    assert.deepEqual(
      out.filter((x) => x.change !== 'unchanged').map((x) => `${x.suite}/${x.name} ${x.change}`),
      ['0_progress-demo/progress-loop newly-failing', '0_progress-demo/expected-failure still-failing'],
    );
  });
});
