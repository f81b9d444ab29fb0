import assert from 'node:assert/strict';
import { formatTestResults, resultCountsText } from '../../../../src/core/text/resultsText';

describe('results text', () => {
  it('words counts in a fixed order', () => {
    assert.equal(resultCountsText({ fail: 1, skip: 2, pass: 12 }), '12 passed, 1 failed, 2 skipped');
    assert.equal(formatTestResults('T', []), '# T\n\nNo test results.\n');
  });

  it('says when only part of the list was read', () => {
    const text = formatTestResults('T', [{ suite: 's', name: 'a', result: 'pass' }], false);
    assert.match(text, /Only the first 1 test cases were read/);
  });

  it('shows every text of the server as written, never as Markdown', () => {
    const text = formatTestResults('LAVA job [1](command:x)', [
      { suite: '# suite <b>', name: '[x](command:workbench.action.quit)', result: 'fail' },
      {
        suite: '# suite <b>',
        name: '![img](https://evil/x.png)',
        result: '<img src=x onerror=alert(1)>',
        measurement: '1|2',
        unit: '*ms*\nnext',
      },
      { suite: '0_smoke-tests', name: 'linux_boot', result: 'pass' },
    ]);
    assert.equal(
      text,
      [
        '# LAVA job \\[1\\]\\(command\\:x\\)',
        '',
        '**1 passed, 1 failed, 1 &lt;img src=x onerror=alert\\(1\\)&gt;**',
        '',
        '## \\# suite &lt;b&gt; — 1 failed, 1 &lt;img src=x onerror=alert\\(1\\)&gt;',
        '',
        '| result | test case | measurement |',
        '|---|---|---|',
        '| **fail** | \\[x\\]\\(command\\:workbench\\.action\\.quit\\) |  |',
        '| &lt;img src=x onerror=alert\\(1\\)&gt; | \\!\\[img\\]\\(https\\://evil/x\\.png\\) | 1\\|2 \\*ms\\* next |',
        '',
        '## 0_smoke-tests — 1 passed',
        '',
        '| result | test case | measurement |',
        '|---|---|---|',
        '| pass | linux_boot |  |',
        '',
      ].join('\n'),
    );
  });
});
