import assert from 'node:assert/strict';
import type { CaseComparison, CaseResult } from '../../../../src/core/model/results';
import { compareResults } from '../../../../src/core/results/compare';
import { caseMessageText, comparisonPlainText, comparisonSummary, resultsPlainText } from '../../../../src/core/text/resultsText';

const c = (suite: string, name: string, result: string, extra: Partial<CaseResult> = {}): CaseResult => ({
  suite,
  name,
  result,
  outcome: result === 'pass' || result === 'fail' || result === 'skip' ? result : 'unknown',
  ...extra,
});
const cmp = (change: CaseComparison['change']): CaseComparison => ({ suite: 's', name: 'n', change });

/** What must never reach a surface from server text: a codicon, a link target, a line break, a bidi override, a control. */
function assertPlain(text: string): void {
  assert.doesNotMatch(text, /\$\(/, 'no $(icon)');
  assert.doesNotMatch(text, /\]\(/, 'no Markdown link');
  // eslint-disable-next-line no-control-regex -- the controls are what must not be there
  assert.doesNotMatch(text, /[\u202a-\u202e\u2066-\u2069\u0000-\u0008\u001b]/, 'no bidi override or control');
}

const HOSTILE = '$(check) [click](command:workbench.action.openSettings) \u202eevil\u202c\u001b[31m\nSecond line';

describe('comparisonSummary: the finish notification line', () => {
  const rows: [string, CaseComparison[], string | undefined][] = [
    ['nothing changed: nothing', [cmp('unchanged'), cmp('still-failing')], undefined],
    ['no cases: nothing', [], undefined],
    ['two new failures', [cmp('newly-failing'), cmp('newly-failing'), cmp('unchanged')], 'Since job 120: 2 new failures.'],
    [
      'one of each',
      [cmp('newly-failing'), cmp('newly-passing'), cmp('new'), cmp('gone'), cmp('measurement-moved')],
      'Since job 120: 1 new failure, 1 newly passing, 1 new case, 1 case gone, 1 measurement moved.',
    ],
  ];
  for (const [title, list, expected] of rows) it(title, () => assert.equal(comparisonSummary(list, '120'), expected));

  it('names the previous job only when its id is a plain number', () => {
    assert.equal(comparisonSummary([cmp('newly-failing')], '[x](command:y)'), 'Since the previous run: 1 new failure.');
    assert.equal(comparisonSummary([cmp('newly-failing')]), 'Since the previous run: 1 new failure.');
  });
});

describe('caseMessageText: a case in the Testing view', () => {
  it("a failing case: LAVA's reason, then the result", () => {
    assert.equal(
      caseMessageText(c('lava', 'job', 'fail', { message: 'Test: progress reached 60' })),
      'Test: progress reached 60\njob failed (LAVA result: fail).',
    );
  });
  it('a measured case', () => {
    assert.equal(
      caseMessageText(c('s', 'dd', 'pass', { measurement: '12.5', unit: 'MB/s' })),
      'LAVA result: pass.\nMeasurement: 12.5 MB/s.',
    );
  });
  it('server text stays plain and bounded', () => {
    const text = caseMessageText(
      c(HOSTILE, HOSTILE, HOSTILE, { message: HOSTILE + 'x'.repeat(100_000), measurement: HOSTILE, unit: HOSTILE }),
    );
    assertPlain(text);
    assert.equal(text.split('\n').length, 3, 'a line per fact: the server cannot add lines');
    assert.ok(text.length < 3000);
  });
});

describe("resultsPlainText: a job's results as a read-only document", () => {
  const cases = [
    c('lava', 'validate', 'pass', { logIndex: 12 }),
    c('lava', 'file-download', 'pass', { durationMs: 10, logIndex: 20 }),
    c('0_smoke', 'uname', 'pass', { durationMs: 130 }),
    c('0_smoke', 'dd', 'pass', { measurement: '12.5', unit: 'MB/s', logIndex: 40 }),
    c('0_smoke', 'boot', 'fail', { logIndex: 50, message: 'Test: it broke' }),
    c('lava', 'job', 'fail', { message: 'Test: it broke', logIndex: 60 }),
  ];

  it("counts, then the user's suites before LAVA's, failures first, each case on one line", () => {
    assert.equal(
      resultsPlainText('LAVA job 7', cases),
      [
        'LAVA job 7',
        '',
        '4 passed, 2 failed',
        '',
        '0_smoke (2 passed, 1 failed)',
        '  FAIL    boot  (line 50)',
        '          Test: it broke',
        '  pass    uname  (130 ms)',
        '  pass    dd  (12.5 MB/s, line 40)',
        '',
        'lava (2 passed, 1 failed)',
        '  FAIL    job  (line 60)',
        '          Test: it broke',
        '  pass    validate  (line 12)',
        '  pass    file-download  (10 ms, line 20)',
        '',
      ].join('\n'),
    );
  });

  it('says when there are none, or when the list was cut', () => {
    assert.equal(resultsPlainText('T', []), 'T\n\nNo test results.\n');
    assert.match(resultsPlainText('T', cases.slice(0, 1), false), /Only the first 1 test cases were read/);
  });

  it('no Markdown: a name with Markdown is shown as written', () => {
    assert.match(resultsPlainText('T', [c('s', '**bold** `code` # h', 'pass')]), /pass {4}\*\*bold\*\* `code` # h$/m);
  });

  it('server text cannot add lines, links, codicons or bidi overrides', () => {
    const text = resultsPlainText(HOSTILE, [
      c(HOSTILE, HOSTILE, 'fail', { message: HOSTILE, measurement: HOSTILE, unit: HOSTILE }),
      c(HOSTILE, HOSTILE, HOSTILE),
    ]);
    assertPlain(text);
    assert.equal(text.split('\n').length, 9, 'title, counts, one suite, two cases, one message');
  });
});

describe('comparisonPlainText: Compare with Previous Run as a document', () => {
  it('the summary, then each kind of change, unchanged only counted', () => {
    const before = [
      c('0_smoke', 'boot', 'pass'),
      c('0_smoke', 'dd', 'pass', { measurement: '10', unit: 'MB/s' }),
      c('lava', 'job', 'pass'),
      c('0_smoke', 'old', 'pass'),
    ];
    const after = [c('0_smoke', 'boot', 'fail'), c('0_smoke', 'dd', 'pass', { measurement: '20', unit: 'MB/s' }), c('lava', 'job', 'pass')];
    assert.equal(
      comparisonPlainText('Job 8 compared with job 7', compareResults(before, after)),
      [
        'Job 8 compared with job 7',
        '',
        'Since the previous run: 1 new failure, 1 case gone, 1 measurement moved.',
        '',
        'Newly failing (1)',
        '  0_smoke / boot  (pass → fail)',
        '',
        'Gone (1)',
        '  0_smoke / old  (was pass)',
        '',
        'Measurement moved (1)',
        '  0_smoke / dd  (pass 10 MB/s → pass 20 MB/s)',
        '',
        'Unchanged: 1 case.',
        '',
      ].join('\n'),
    );
  });

  it('server text stays plain', () => {
    const text = comparisonPlainText(
      HOSTILE,
      compareResults([c(HOSTILE, HOSTILE, 'pass')], [c(HOSTILE, HOSTILE, 'fail', { measurement: HOSTILE })]),
    );
    assertPlain(text);
  });
});
