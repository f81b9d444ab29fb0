import * as assert from 'assert';
import { ActionTree, secondsToHms } from '../../../../src/core/log/actions';
import { Problem, ProblemCollector, testFailure, timingClass, timingProblem } from '../../../../src/core/log/problems';
import type { LogRecord } from '../../../../src/core/log/records';
import { JOBS, loadJob, rec } from './logFixtures';

function collect(records: readonly LogRecord[], finish = true): { tree: ActionTree; problems: Problem[] } {
  const tree = new ActionTree();
  const pc = new ProblemCollector(tree);
  records.forEach((r, i) => pc.push(r, i, tree.push(r, i)));
  if (finish) tree.finish();
  return { tree, problems: pc.problems };
}

/** [index, kind, severity, message, action level+name] */
function rows(problems: readonly Problem[]): [number, string, string, string, string | undefined][] {
  return problems.map((p) => [p.index, p.kind, p.severity, p.message, p.action && `${p.action.level} ${p.action.name}`]);
}

const RAW_PROBLEM = /"lvl": "(error|exception)"|"lvl": "results", "msg": \{.*"result": "fail"/;

describe('log problems: the real LAVA logs', () => {
  for (const job of JOBS) {
    it(`${job}: one problem for each error/exception line and each failed result line, none else`, () => {
      const { lines, records } = loadJob(job);
      const { problems } = collect(records);
      const expected = lines.flatMap((l, i) => (RAW_PROBLEM.test(l) ? [i] : []));
      assert.deepStrictEqual(
        problems.map((p) => p.index),
        expected,
      );
      assert.ok(expected.length >= 2);
      for (const p of problems) {
        if (p.kind === 'error' || p.kind === 'exception') assert.strictEqual(p.message, records[p.index].msg, 'the server words');
      }
    });
  }

  it('complete: the expected failure and its error, inside 3.1', () => {
    const { problems } = collect(loadJob('complete').records);
    assert.deepStrictEqual(rows(problems), [
      [654, 'error', 'error', "Matched a prompt (was expecting a success): '/ # '", '3.1 lava-test-interactive'],
      [655, 'test-failure', 'error', '0_progress-demo/expected-failure: fail', '3.1 lava-test-interactive'],
    ]);
    assert.deepStrictEqual(
      [problems[1].suite, problems[1].testCase, problems[1].testSet],
      ['0_progress-demo', 'expected-failure', undefined],
    );
  });

  it('incomplete: errors, exceptions and failed cases with their actions; action results name the action that just ended', () => {
    const { problems } = collect(loadJob('incomplete').records);
    assert.deepStrictEqual(rows(problems), [
      [536, 'error', 'error', "Matched a failure: 'progress 60/150'", '3.1 lava-test-interactive'],
      [537, 'test-failure', 'error', '0_progress-demo/progress-loop: fail', '3.1 lava-test-interactive'],
      [538, 'test-failure', 'error', 'lava/0_progress-demo: fail', '3.1 lava-test-interactive'],
      [539, 'exception', 'error', 'progress reached 60, failing on purpose', '3.1 lava-test-interactive'],
      [
        541,
        'test-failure',
        'error',
        'lava/lava-test-interactive: fail — progress reached 60, failing on purpose',
        '3.1 lava-test-interactive',
      ],
      [
        542,
        'error',
        'error',
        "lava-test-interactive-retry failed: 1 of 1 attempts. 'progress reached 60, failing on purpose'",
        '3 lava-test-interactive-retry',
      ],
      [543, 'exception', 'error', 'progress reached 60, failing on purpose', '3 lava-test-interactive-retry'],
      [
        545,
        'test-failure',
        'error',
        'lava/lava-test-interactive-retry: fail — progress reached 60, failing on purpose',
        '3 lava-test-interactive-retry',
      ],
      [569, 'error', 'error', 'TestError: A test failed to run, look at the error message.', undefined],
      [570, 'test-failure', 'error', 'lava/job: fail — Test: progress reached 60, failing on purpose', undefined],
    ]);
  });

  it('canceled: the cancel as the server words it', () => {
    const { problems } = collect(loadJob('canceled').records);
    assert.deepStrictEqual(
      problems.filter((p) => p.kind !== 'test-failure').map((p) => p.message),
      ['The job was canceled', 'The job was canceled', 'JobCanceled: The job was canceled'],
    );
    assert.strictEqual(problems[problems.length - 1].message, 'lava/job: fail — Canceled: The job was canceled');
  });

  it('no timing problem in the real logs (every action far below its timeout)', () => {
    for (const job of JOBS) {
      const { tree, problems } = collect(loadJob(job).records);
      assert.strictEqual(problems.filter((p) => p.kind === 'timing').length, 0);
      // …which holds because of the numbers, not because durations were not read.
      assert.ok(tree.all.some((a) => (a.durationSeconds ?? 0) >= 5 && a.timeoutSeconds !== undefined));
    }
  });
});

describe('log problems: timing like LAVA’s Timing tab', () => {
  // Each row: duration, timeout, `duration >= timeout * 0.85`, `duration >= timeout`,
  // as evaluated by Python 3 (the expression in lava_scheduler_app/views.py job_timing
  // and the `action.2 >= action.3` test of job_timing.html).
  const TABLE: [number, number, boolean, boolean][] = [
    [84, 100, false, false],
    [85, 100, true, false],
    [99, 100, true, false],
    [100, 100, true, true],
    [101, 100, true, true],
    [16, 20, false, false],
    [17, 20, true, false],
    [50, 60, false, false],
    [51, 60, true, false],
    [0, 0, true, true],
    [0, 1, false, false],
    [1, 1, true, true],
    [152, 180, false, false],
    [153, 180, true, false],
    [254, 300, false, false],
    [255, 300, true, false],
    [8, 10, false, false],
    [9, 10, true, false],
    [150, 177, false, false],
    [151, 177, true, false],
  ];

  for (const [d, t, warn, danger] of TABLE) {
    it(`duration ${d} s, timeout ${t} s: ${danger ? 'error' : warn ? 'warning' : 'nothing'}`, () => {
      assert.strictEqual(timingClass(d, t), danger ? 'danger' : warn ? 'warning' : undefined);
      const recs = [
        rec('info', `start: 2 boot-image-retry (timeout ${secondsToHms(t)}) [common]`),
        rec('target', 'x'),
        rec('info', `end: 2 boot-image-retry (duration ${secondsToHms(d)}) [common]`),
      ];
      const { problems } = collect(recs);
      if (!warn) {
        assert.deepStrictEqual(problems, []);
        return;
      }
      assert.strictEqual(problems.length, 1);
      const p = problems[0];
      assert.deepStrictEqual(
        [p.kind, p.severity, p.index, p.action?.name, p.durationSeconds, p.timeoutSeconds],
        ['timing', danger ? 'error' : 'warning', 2, 'boot-image-retry', d, t],
      );
      assert.match(
        p.message,
        danger
          ? /^2 boot-image-retry took \d\d:\d\d:\d\d, its whole timeout of/
          : /^2 boot-image-retry took \d\d:\d\d:\d\d, \d+% of its timeout of/,
      );
    });
  }

  it('the message words it with LAVA’s HH:MM:SS and the percentage', () => {
    const { problems } = collect([
      rec('debug', 'start: 2.2.1 login-action (timeout 00:02:57) [common]'),
      rec('debug', 'end: 2.2.1 login-action (duration 00:02:40) [common]'),
    ]);
    assert.strictEqual(problems[0].message, '2.2.1 login-action took 00:02:40, 90% of its timeout of 00:02:57');
  });

  it('no timing problem without a timeout, without a duration, or before the end', () => {
    const { problems, tree } = collect(
      [
        rec('info', 'start: 1 a [common]'),
        rec('info', 'end: 1 a (duration 00:10:00) [common]'),
        rec('info', 'start: 2 b (timeout 00:00:10) [common]'),
        rec('info', 'end: 2 b [common]'),
        rec('info', 'end: 3 orphan (duration 00:00:10) [common]'),
        rec('info', 'start: 4 c (timeout 00:00:10) [common]'),
      ],
      false,
    );
    assert.deepStrictEqual(problems, []);
    // An action that did not end is not a timing problem either (its exception is).
    tree.finish();
    assert.strictEqual(timingProblem(tree.roots[3]), undefined);
    assert.strictEqual(tree.roots[3].state, 'did-not-end');
  });
});

describe('log problems: test failures and errors (synthetic)', () => {
  it('definition/set/case, error_type and error_msg, extra.fail', () => {
    const f = (msg: Record<string, unknown>) => testFailure(rec('results', msg), 7, undefined)?.message;
    assert.strictEqual(f({ definition: '1_smoke', set: 'net', case: 'ping', result: 'fail' }), '1_smoke/net/ping: fail');
    assert.strictEqual(
      f({ definition: 'lava', case: 'job', result: 'fail', error_type: 'Infrastructure' }),
      'lava/job: fail — Infrastructure',
    );
    assert.strictEqual(f({ definition: 'lava', case: 'job', result: 'fail', error_msg: 'boom' }), 'lava/job: fail — boom');
    assert.strictEqual(f({ definition: 'd', case: 'c', result: 'pass' }), undefined);
    assert.strictEqual(f({ definition: 'd', case: 'c', result: 'skip' }), undefined);
    assert.strictEqual(f({ definition: 'd', case: 'c', result: 'unknown' }), undefined);
    const p = testFailure(rec('results', { definition: '1_smoke', set: 'net', case: 'ping', result: 'fail' }), 7, undefined);
    assert.deepStrictEqual([p?.suite, p?.testSet, p?.testCase, p?.index], ['1_smoke', 'net', 'ping', 7]);
    assert.strictEqual(testFailure(rec('results', 'fail'), 1, undefined), undefined);
    assert.strictEqual(testFailure(rec('info', { result: 'fail' }), 1, undefined), undefined);
  });

  it('errors outside any action, a non-string message as JSON, warnings are not problems', () => {
    const { problems } = collect([
      rec('error', 'before anything'),
      rec('warning', 'just a warning'),
      rec('exception', { type: 'x' }),
      rec('info', 'start: 1 a (timeout 00:01:00) [common]'),
      rec('exception', 'Traceback…\nValueError'),
    ]);
    assert.deepStrictEqual(rows(problems), [
      [0, 'error', 'error', 'before anything', undefined],
      [2, 'exception', 'error', '{"type":"x"}', undefined],
      [4, 'exception', 'error', 'Traceback… ValueError', '1 a'], // one line in Problems (plainLine)
    ]);
  });

  it('errors in interleaved namespaces belong to the most recently started open action', () => {
    const { problems } = collect([
      rec('info', 'start: 1 host-deploy (timeout 00:01:00) [host]'),
      rec('info', 'start: 1 dut-deploy (timeout 00:01:00) [dut]'),
      rec('error', 'e1'),
      rec('info', 'end: 1 dut-deploy (duration 00:00:01) [dut]'),
      rec('error', 'e2'),
    ]);
    assert.deepStrictEqual(
      problems.map((p) => p.action?.name),
      ['dut-deploy', 'host-deploy'],
    );
  });
});
