import assert from 'node:assert/strict';
import { logLineTarget, revealLogLineUri } from '../../../../src/core/document/logLineLink';
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

describe('results text: links to the job log', () => {
  const links = { serverUrl: 'https://lava.example.org', jobId: '42' };
  const argsOf = (uri: string) => JSON.parse(decodeURIComponent(uri.slice('command:lava.revealLogLine?'.length))) as unknown;

  it('gives each case with a start line a `line N` link that opens the job log there', () => {
    const text = formatTestResults(
      'LAVA job 42',
      [
        { suite: '0_smoke', name: 'uname', result: 'pass', startLogLine: 120, endLogLine: 125 },
        { suite: '0_smoke', name: 'boot', result: 'fail', startLogLine: 90 },
        { suite: 'lava', name: 'job', result: 'pass' },
      ],
      true,
      links,
    );
    const uri = (n: number) => `command:lava.revealLogLine?${encodeURIComponent(JSON.stringify(['https://lava.example.org', '42', n]))}`;
    assert.equal(
      text,
      [
        '# LAVA job 42',
        '',
        '**2 passed, 1 failed**',
        '',
        '_Ctrl+click (Cmd+click on macOS) a line to open the job log there._',
        '',
        '## 0_smoke — 1 passed, 1 failed',
        '',
        '| result | test case | measurement | log |',
        '|---|---|---|---|',
        `| **fail** | boot |  | [line 90](${uri(90)} "Open the job log at line 90") |`,
        `| pass | uname |  | [line 120](${uri(120)} "Open the job log at line 120") |`,
        '',
        '## lava — 1 passed',
        '',
        '| result | test case | measurement | log |',
        '|---|---|---|---|',
        '| pass | job |  |  |',
        '',
      ].join('\n'),
    );
    assert.deepEqual(argsOf(uri(90)), ['https://lava.example.org', '42', 90]);
  });

  it('keeps the table as it was without lines or without a job to link to', () => {
    const cases = [{ suite: 's', name: 'a', result: 'pass' }];
    assert.equal(formatTestResults('T', cases, true, links), formatTestResults('T', cases));
    const withLine = [{ suite: 's', name: 'a', result: 'pass', startLogLine: 3 }];
    assert.doesNotMatch(formatTestResults('T', withLine), /command:|line 3/);
    // Arguments a link cannot be built from: no link.
    for (const bad of [
      { serverUrl: 'javascript:alert(1)', jobId: '42' },
      { serverUrl: 'https://lava.example.org', jobId: '42) [x](command:workbench.action.quit' },
    ]) {
      assert.doesNotMatch(formatTestResults('T', withLine, true, bad), /command:|\| log \|/);
    }
  });

  it('builds the link target from the server URL, job id and integer only, encoded so nothing ends it early', () => {
    const text = formatTestResults(
      'T',
      [{ suite: 'x](command:evil) [', name: '[y](command:workbench.action.quit)', result: 'fail', startLogLine: 7 }],
      true,
      { serverUrl: "https://h/a(b)c'!*~ [d]/", jobId: '1' },
    );
    const targets = [...text.matchAll(/\]\(([^)\s]*)/g)].map((m) => m[1]);
    assert.equal(targets.length, 1, text);
    assert.match(targets[0], /^command:lava\.revealLogLine\?[A-Za-z0-9%._-]+$/);
    assert.deepEqual(argsOf(targets[0]), ["https://h/a(b)c'!*~ [d]/", '1', 7]);
    // The server's texts stay escaped.
    assert.match(text, /\| \*\*fail\*\* \| \\\[y\\\]\\\(command\\:workbench\\\.action\\\.quit\\\) \|/);
    assert.match(text, /## x\\\]\\\(command\\:evil\\\) \\\[ — 1 failed/);
  });
});

describe('lava.revealLogLine arguments', () => {
  it('accepts an http(s) server, a numeric job id and a non-negative integer only', () => {
    assert.deepEqual(logLineTarget('http://127.0.0.1:8080', '1', 0), { serverUrl: 'http://127.0.0.1:8080', jobId: '1', recordIndex: 0 });
    for (const args of [
      ['file:///etc/passwd', '1', 3],
      ['https://h', '1; rm', 3],
      ['https://h', 1, 3],
      ['https://h', '1', -1],
      ['https://h', '1', 1.5],
      ['https://h', '1', '3'],
      ['https://h', '1', Number.MAX_SAFE_INTEGER + 2],
      [undefined, '1', 3],
    ] as unknown[][]) {
      assert.equal(logLineTarget(args[0], args[1], args[2]), undefined, JSON.stringify(args));
    }
    assert.match(
      revealLogLineUri({ serverUrl: 'https://h', jobId: '1', recordIndex: 5 }),
      /^command:lava\.revealLogLine\?%5B%22https%3A%2F%2Fh%22%2C%221%22%2C5%5D$/,
    );
  });
});
