import * as assert from 'assert';
import { ActionEvent, ActionTree, LogAction, hmsToSeconds, secondsToHms } from '../../../../src/core/log/actions';
import type { LogRecord } from '../../../../src/core/log/records';
import { JOBS, Job, loadJob, rec } from './logFixtures';

/** `grep -c '"msg": "start: '` / `'"msg": "end: '` of each output.yaml, and its `validate duration:`. */
const COUNTS: Record<Job, { starts: number; ends: number; validate: number }> = {
  complete: { starts: 16, ends: 15, validate: 0.03 },
  incomplete: { starts: 15, ends: 14, validate: 0.02 },
  canceled: { starts: 15, ends: 14, validate: 0.03 },
};

function build(records: readonly LogRecord[], finish = true): { tree: ActionTree; events: (ActionEvent | undefined)[] } {
  const tree = new ActionTree();
  const events = records.map((r, i) => tree.push(r, i));
  if (finish) tree.finish();
  return { tree, events };
}

/** `1 deployimages` … for compact assertions. */
function names(list: readonly LogAction[]): string[] {
  return list.map((a) => `${a.level} ${a.name}`);
}

function shape(a: LogAction): unknown {
  return {
    level: a.level,
    name: a.name,
    state: a.state,
    startIndex: a.startIndex,
    lastIndex: a.lastIndex,
    implicit: a.implicit,
    children: a.children.map(shape),
  };
}

// Independent reading of the raw lines (not the parser under test): every
// `start:` / `end:` line of an info/debug record.
const RAW_START =
  /^- \{"dt": "[^"]*", "lvl": "(info|debug)", "msg": "start: ([\d.]+) ([\w-]+)(?: \(timeout (\d\d:\d\d:\d\d)\))?(?: \[(\w+)\])?"\}$/;
const RAW_END = /^- \{"dt": "[^"]*", "lvl": "(info|debug)", "msg": "end: ([\d.]+) ([\w-]+) \(duration (\d\d:\d\d:\d\d)\) \[(\w+)\]"\}$/;

describe('log actions: ActionTree on the real LAVA logs', () => {
  for (const job of JOBS) {
    it(`${job}: every start: line is one action, with its level, name, namespace, timeout and parent`, () => {
      const { lines, records } = loadJob(job);
      const { tree } = build(records);
      const byStart = new Map<number, LogAction>();
      for (const a of tree.all) if (!a.implicit) byStart.set(a.startIndex, a);
      let starts = 0;
      lines.forEach((line, i) => {
        const m = RAW_START.exec(line);
        if (m === null) {
          assert.ok(!byStart.has(i), `${job}: record ${i} is not a start: line`);
          return;
        }
        starts++;
        const a = byStart.get(i);
        assert.ok(a, `${job}: start at ${i} missing: ${line}`);
        assert.strictEqual(a.level, m[2]);
        assert.strictEqual(a.name, m[3]);
        assert.strictEqual(a.namespace, m[5]);
        assert.strictEqual(
          a.timeoutSeconds,
          m[4] === undefined ? undefined : hmsToSeconds(...(m[4].split(':') as [string, string, string])),
        );
        // Top-level actions log at info, nested ones at debug (action.py run_actions).
        assert.strictEqual(m[1], m[2].includes('.') ? 'debug' : 'info');
        const dot = a.level.lastIndexOf('.');
        if (dot < 0) assert.strictEqual(a.parent, undefined);
        else assert.strictEqual(a.parent?.level, a.level.slice(0, dot), `${a.level} parent`);
        if (a.parent !== undefined) assert.ok(a.parent.children.includes(a));
        else assert.ok(tree.roots.includes(a));
      });
      assert.strictEqual(byStart.size, starts, 'no action without a start: line apart from implicit ones');
      assert.strictEqual(starts, COUNTS[job].starts);
    });

    it(`${job}: every end: line ends the action of its level, with its duration`, () => {
      const { lines, records } = loadJob(job);
      const { tree } = build(records);
      let ends = 0;
      lines.forEach((line, i) => {
        const m = RAW_END.exec(line);
        if (m === null) return;
        ends++;
        const hits = tree.all.filter((a) => a.endIndex === i);
        assert.strictEqual(hits.length, 1, `${job}: end at ${i}`);
        const a = hits[0];
        assert.deepStrictEqual([a.level, a.name, a.namespace, a.state], [m[2], m[3], m[5], 'ended']);
        assert.strictEqual(a.durationSeconds, hmsToSeconds(...(m[4].split(':') as [string, string, string])));
        assert.strictEqual(a.lastIndex, i);
        assert.ok(a.startIndex < i);
      });
      assert.strictEqual(ends, COUNTS[job].ends);
    });

    it(`${job}: validate ends at its "validate duration:" line`, () => {
      const { records } = loadJob(job);
      const { tree } = build(records);
      const v = tree.roots[0];
      assert.deepStrictEqual([v.level, v.name, v.namespace, v.timeoutSeconds], ['0', 'validate', undefined, undefined]);
      assert.strictEqual(v.startIndex, 1);
      assert.strictEqual(records[6].msg, `validate duration: ${COUNTS[job].validate}`);
      assert.deepStrictEqual([v.state, v.endIndex, v.lastIndex, v.durationSeconds], ['ended', 6, 6, COUNTS[job].validate]);
    });
  }

  it('complete: the whole pipeline, every action ended', () => {
    const { tree } = build(loadJob('complete').records);
    assert.deepStrictEqual(names(tree.roots), [
      '0 validate',
      '1 deployimages',
      '2 boot-image-retry',
      '3 lava-test-interactive-retry',
      '4 finalize',
    ]);
    assert.deepStrictEqual(names(tree.roots[1].children), ['1.1 download-retry', '1.2 download-retry']);
    assert.deepStrictEqual(names(tree.roots[1].children[1].children), ['1.2.1 file-download']);
    assert.deepStrictEqual(names(tree.roots[2].children[1].children), ['2.2.1 login-action']);
    assert.deepStrictEqual(names(tree.roots[4].children), ['4.1 power-off', '4.2 read-feedback']);
    assert.ok(tree.all.every((a) => a.state === 'ended' && !a.implicit));
    assert.strictEqual(tree.all.length, COUNTS.complete.starts);
    const login = tree.roots[2].children[1].children[0];
    assert.deepStrictEqual([login.timeoutSeconds, login.durationSeconds, login.startIndex, login.endIndex], [177, 2, 86, 450]);
    const fin = tree.roots[4];
    assert.deepStrictEqual([fin.startIndex, fin.endIndex, fin.timeoutSeconds, fin.durationSeconds], [659, 671, 300, 1]);
  });

  it('incomplete: 4.1 and 4.2 without "start: 4 finalize" get an implicit parent 4', () => {
    const { records } = loadJob('incomplete');
    const { tree } = build(records);
    assert.deepStrictEqual(names(tree.roots), [
      '0 validate',
      '1 deployimages',
      '2 boot-image-retry',
      '3 lava-test-interactive-retry',
      '4 finalize',
    ]);
    const four = tree.roots[4];
    assert.strictEqual(four.nameInferred, true);
    assert.strictEqual(four.closedByJobEnd, true);
    assert.deepStrictEqual(shape(four), {
      level: '4',
      name: 'finalize',
      state: 'did-not-end',
      startIndex: 549,
      lastIndex: 567,
      implicit: true,
      children: [
        { level: '4.1', name: 'power-off', state: 'ended', startIndex: 549, lastIndex: 550, implicit: false, children: [] },
        { level: '4.2', name: 'read-feedback', state: 'ended', startIndex: 551, lastIndex: 567, implicit: false, children: [] },
      ],
    });
    assert.strictEqual(four.namespace, 'common');
    assert.strictEqual(four.timeoutSeconds, undefined);
    assert.strictEqual(four.durationSeconds, undefined);
    // Everything else ended.
    assert.ok(tree.all.filter((a) => a !== four).every((a) => a.state === 'ended'));
    // The job's own error after finalize belongs to no action; the failure inside 3.1 to 3.1.
    assert.strictEqual(records[569].lvl, 'error');
    assert.strictEqual(tree.actionAt(569), undefined);
    assert.strictEqual(tree.actionAt(536)?.level, '3.1');
    assert.strictEqual(tree.actionAt(546), undefined, '"Cleaning after the job" comes before 4.1');
  });

  it('canceled: the same implicit finalize, 3 and 3.1 ended at the cancel', () => {
    const { tree } = build(loadJob('canceled').records);
    assert.deepStrictEqual(names(tree.roots), [
      '0 validate',
      '1 deployimages',
      '2 boot-image-retry',
      '3 lava-test-interactive-retry',
      '4 finalize',
    ]);
    assert.deepStrictEqual(names(tree.roots[4].children), ['4.1 power-off', '4.2 read-feedback']);
    assert.deepStrictEqual([tree.roots[3].state, tree.roots[3].durationSeconds], ['ended', 1]);
  });

  it('while the log grows: open actions are running, finish() makes them did-not-end', () => {
    const { records } = loadJob('incomplete');
    const tree = new ActionTree();
    for (let i = 0; i <= 500; i++) tree.push(records[i], i);
    const three = tree.roots[3];
    const threeOne = three.children[0];
    assert.deepStrictEqual([three.state, threeOne.state], ['running', 'running']);
    assert.deepStrictEqual([three.lastIndex, threeOne.lastIndex, three.endIndex], [undefined, undefined, undefined]);
    assert.strictEqual(tree.current, threeOne);
    assert.strictEqual(tree.actionAt(500), threeOne);
    assert.strictEqual(tree.finished, false);
    tree.finish();
    assert.deepStrictEqual([three.state, threeOne.state], ['did-not-end', 'did-not-end']);
    assert.deepStrictEqual([three.lastIndex, threeOne.lastIndex], [500, 500]);
    assert.strictEqual(tree.current, undefined);
    assert.strictEqual(tree.finished, true);
    // Nothing changes after finish.
    assert.strictEqual(tree.push(records[501], 501), undefined);
    assert.strictEqual(tree.recordCount, 502);
  });

  it('incremental and all-at-once give the same tree, batch by batch', () => {
    const { records } = loadJob('complete');
    const whole = build(records).tree;
    const tree = new ActionTree();
    for (let i = 0; i < records.length; i += 17) {
      for (let j = i; j < Math.min(i + 17, records.length); j++) tree.push(records[j], j);
      // Every action whose end has been seen is already final.
      for (const a of tree.all) if (a.endIndex !== undefined) assert.strictEqual(a.state, 'ended');
    }
    tree.finish();
    assert.deepStrictEqual(tree.roots.map(shape), whole.roots.map(shape));
  });

  for (const job of JOBS) {
    it(`${job}: actionAt(i) after the fact = the action each record was pushed into`, () => {
      const { records } = loadJob(job);
      const tree = new ActionTree();
      const owner: (LogAction | undefined)[] = [];
      records.forEach((r, i) => {
        const ev = tree.push(r, i);
        owner.push(ev?.kind === 'end' ? ev.action : tree.current);
      });
      tree.finish();
      records.forEach((_, i) => assert.strictEqual(tree.actionAt(i), owner[i], `${job} record ${i}`));
    });
  }
});

// ---------------------------------------------------------------------------

const info = (msg: string, ns?: string): LogRecord => rec('info', msg, ns);
const debug = (msg: string): LogRecord => rec('debug', msg);
const target = (msg: string): LogRecord => rec('target', msg);

describe('log actions: ActionTree on synthetic logs', () => {
  it('an implicit parent is named only when its children say it: finalize, not a nested or other one', () => {
    const named = (lines: LogRecord[]) =>
      build(lines)
        .tree.all.filter((a) => a.implicit)
        .map((a) => `${a.level} ${a.name}`);
    assert.deepStrictEqual(
      named([debug('start: 4.1 power-off [common]'), debug('end: 4.1 power-off [common]'), debug('start: 4.2 read-feedback [common]')]),
      ['4 finalize'],
    );
    // Another child after power-off: not finalize any more.
    assert.deepStrictEqual(named([debug('start: 4.1 power-off [common]'), debug('start: 4.2 deploy-foo [common]')]), ['4 ']);
    // Not top-level, or another first child: not finalize.
    assert.deepStrictEqual(named([debug('start: 2.3.1 power-off [common]')]), ['2 ', '2.3 ']);
    assert.deepStrictEqual(named([debug('start: 4.1 read-feedback [common]')]), ['4 ']);
    // An end: line names it all the same.
    const { tree } = build([debug('start: 4.1 power-off [common]'), debug('end: 4.1 power-off [common]'), info('end: 4 other [common]')]);
    assert.deepStrictEqual([tree.roots[0].name, tree.roots[0].nameInferred], ['other', false]);
  });

  it('an action that never ends: running, then did-not-end at finish()', () => {
    const { tree } = build(
      [
        info('start: 1 deployimages (timeout 00:02:00) [common]'),
        debug('start: 1.1 download-retry (timeout 00:02:00) [common]'),
        target('hello'),
        target('world'),
      ],
      false,
    );
    assert.deepStrictEqual(
      tree.all.map((a) => a.state),
      ['running', 'running'],
    );
    tree.finish();
    assert.deepStrictEqual(shape(tree.roots[0]), {
      level: '1',
      name: 'deployimages',
      state: 'did-not-end',
      startIndex: 0,
      lastIndex: 3,
      implicit: false,
      children: [
        { level: '1.1', name: 'download-retry', state: 'did-not-end', startIndex: 1, lastIndex: 3, implicit: false, children: [] },
      ],
    });
  });

  it('six levels deep, ended inside out', () => {
    const lv = ['1', '1.1', '1.1.1', '1.1.1.1', '1.1.1.1.1', '1.1.1.1.1.1'];
    const recs: LogRecord[] = [];
    lv.forEach((l, d) => recs.push((d === 0 ? info : debug)(`start: ${l} a${d} (timeout 00:10:00) [common]`)));
    recs.push(target('deep'));
    [...lv].reverse().forEach((l, k) => recs.push((l === '1' ? info : debug)(`end: ${l} a${5 - k} (duration 00:00:0${k}) [common]`)));
    const { tree } = build(recs);
    let a: LogAction | undefined = tree.roots[0];
    for (let d = 0; d < 6; d++) {
      assert.ok(a);
      assert.deepStrictEqual(
        [a.level, a.name, a.state, a.startIndex, a.endIndex, a.durationSeconds],
        [lv[d], `a${d}`, 'ended', d, 12 - d, 5 - d],
      );
      assert.strictEqual(a.children.length, d === 5 ? 0 : 1);
      a = a.children[0];
    }
    assert.strictEqual(tree.actionAt(6)?.level, '1.1.1.1.1.1');
    assert.strictEqual(tree.actionAt(8)?.level, '1.1.1.1.1', 'the end: line of 1.1.1.1.1');
  });

  it('a timeout of more than 99 hours', () => {
    const { tree } = build([info('start: 1 long (timeout 123:04:05) [common]'), info('end: 1 long (duration 100:00:00) [common]')]);
    assert.strictEqual(tree.roots[0].timeoutSeconds, 123 * 3600 + 4 * 60 + 5);
    assert.strictEqual(tree.roots[0].durationSeconds, 360000);
  });

  it('namespaces: interleaved lines, the same levels in two namespaces', () => {
    const recs = [
      info('start: 1 deploy-a (timeout 00:05:00) [host]'),
      info('start: 1 deploy-b (timeout 00:05:00) [dut]'),
      debug('start: 1.1 fetch-a (timeout 00:04:00) [host]'),
      debug('start: 1.1 fetch-b (timeout 00:04:00) [dut]'),
      rec('feedback', 'x', 'dut'),
      debug('end: 1.1 fetch-a (duration 00:00:01) [host]'),
      target('between'),
      debug('end: 1.1 fetch-b (duration 00:00:02) [dut]'),
      info('end: 1 deploy-a (duration 00:00:03) [host]'),
      info('end: 1 deploy-b (duration 00:00:04) [dut]'),
    ];
    const { tree, events } = build(recs);
    assert.deepStrictEqual(names(tree.roots), ['1 deploy-a', '1 deploy-b']);
    const [a, b] = tree.roots;
    assert.deepStrictEqual([a.namespace, b.namespace], ['host', 'dut']);
    assert.deepStrictEqual(names(a.children), ['1.1 fetch-a']);
    assert.deepStrictEqual(names(b.children), ['1.1 fetch-b']);
    assert.deepStrictEqual(
      tree.all.map((x) => [x.name, x.state, x.endIndex, x.durationSeconds]),
      [
        ['deploy-a', 'ended', 8, 3],
        ['deploy-b', 'ended', 9, 4],
        ['fetch-a', 'ended', 5, 1],
        ['fetch-b', 'ended', 7, 2],
      ],
    );
    assert.strictEqual(events[5]?.action, a.children[0]);
    assert.strictEqual(tree.actionAt(6), b.children[0], 'the record after fetch-a ended is inside fetch-b');
    assert.strictEqual(tree.actionAt(4), b.children[0]);
  });

  it('a sibling start closes an action that did not log its end, at once', () => {
    const { tree } = build(
      [info('start: 1 a (timeout 00:01:00) [common]'), target('x'), info('start: 2 b (timeout 00:01:00) [common]'), target('y')],
      false,
    );
    const [a, b] = tree.roots;
    assert.deepStrictEqual([a.state, a.lastIndex, b.state, b.parent], ['did-not-end', 1, 'running', undefined]);
  });

  it('an end: closes deeper actions of its namespace that did not end', () => {
    const { tree } = build([
      info('start: 1 a (timeout 00:01:00) [common]'),
      debug('start: 1.1 b (timeout 00:01:00) [common]'),
      debug('start: 1.1.1 c (timeout 00:01:00) [common]'),
      target('x'),
      info('end: 1 a (duration 00:00:09) [common]'),
    ]);
    assert.deepStrictEqual(
      tree.all.map((x) => [x.level, x.state, x.lastIndex]),
      [
        ['1', 'ended', 4],
        ['1.1', 'did-not-end', 3],
        ['1.1.1', 'did-not-end', 3],
      ],
    );
  });

  it('implicit parents fill every missing level, and an end: line names one', () => {
    const { tree } = build([
      info('start: 1 a (timeout 00:01:00) [common]'),
      debug('start: 1.2.3 deep (timeout 00:01:00) [common]'),
      debug('end: 1.2.3 deep (duration 00:00:01) [common]'),
      debug('end: 1.2 middle (duration 00:00:02) [common]'),
      info('end: 1 a (duration 00:00:03) [common]'),
    ]);
    const a = tree.roots[0];
    assert.strictEqual(a.children.length, 1);
    const mid = a.children[0];
    assert.deepStrictEqual(
      [mid.level, mid.name, mid.implicit, mid.state, mid.startIndex, mid.endIndex, mid.durationSeconds],
      ['1.2', 'middle', true, 'ended', 1, 3, 2],
    );
    assert.deepStrictEqual(names(mid.children), ['1.2.3 deep']);
  });

  it('implicit chain from nothing: 2.1.1 alone gives 2 › 2.1 › 2.1.1', () => {
    const { tree } = build([debug('start: 2.1.1 x (timeout 00:01:00) [common]')]);
    assert.deepStrictEqual(
      tree.all.map((a) => [a.level, a.implicit, a.parent?.level]),
      [
        ['2', true, undefined],
        ['2.1', true, '2'],
        ['2.1.1', false, '2.1'],
      ],
    );
    assert.deepStrictEqual(names(tree.roots), ['2 ']);
  });

  it('an end: without its start gives a one-record implicit action under the open ancestor', () => {
    const { tree, events } = build([
      info('start: 1 a (timeout 00:01:00) [common]'),
      debug('end: 1.1 lost (duration 00:00:05) [common]'),
      info('end: 1 a (duration 00:00:06) [common]'),
    ]);
    const lost = tree.roots[0].children[0];
    assert.deepStrictEqual(
      [lost.level, lost.name, lost.implicit, lost.state, lost.startIndex, lost.endIndex, lost.durationSeconds],
      ['1.1', 'lost', true, 'ended', 1, 1, 5],
    );
    assert.strictEqual(events[1]?.action, lost);
    assert.strictEqual(tree.actionAt(1), lost);
  });

  it('only info/debug string records count; odd lines are not actions', () => {
    const { tree } = build([
      target('start: 1 fake (timeout 00:01:00) [common]'),
      rec('input', 'start: 1 fake (timeout 00:01:00) [common]'),
      rec('results', { case: 'start: 1 x', definition: 'lava', result: 'pass' }),
      rec('debug', ['start: 1 x']),
      info('start:1 nospace'),
      info('started: 1 x'),
      info('start: x.1 word-level'),
      info('endless: 1 x'),
      info('validate duration: 0.5'), // no validate open
    ]);
    assert.strictEqual(tree.all.length, 0);
  });

  it('a start line without timeout or namespace (older LAVA) still nests', () => {
    const { tree } = build([info('start: 1 a'), debug('start: 1.1 b'), debug('end: 1.1 b'), info('end: 1 a (duration 00:00:01)')]);
    assert.deepStrictEqual(
      tree.all.map((a) => [a.level, a.namespace, a.timeoutSeconds, a.state, a.durationSeconds, a.parent?.level]),
      [
        ['1', undefined, undefined, 'ended', 1, undefined],
        ['1.1', undefined, undefined, 'ended', undefined, '1'],
      ],
    );
  });

  it('retries repeat a level: two children with the same level, in order', () => {
    const { tree } = build([
      info('start: 1 deploy-retry (timeout 00:05:00) [common]'),
      debug('start: 1.1 download (timeout 00:05:00) [common]'),
      rec('error', 'download failed'),
      debug('end: 1.1 download (duration 00:00:01) [common]'),
      debug('start: 1.1 download (timeout 00:04:59) [common]'),
      debug('end: 1.1 download (duration 00:00:01) [common]'),
      info('end: 1 deploy-retry (duration 00:00:02) [common]'),
    ]);
    assert.deepStrictEqual(
      tree.roots[0].children.map((a) => [a.level, a.startIndex, a.endIndex, a.timeoutSeconds]),
      [
        ['1.1', 1, 3, 300],
        ['1.1', 4, 5, 299],
      ],
    );
  });

  it('records must come in order', () => {
    const tree = new ActionTree();
    tree.push(target('a'), 0);
    assert.throws(() => tree.push(target('b'), 2), /out of order/);
    assert.throws(() => tree.push(target('b'), 0), /out of order/);
  });

  it('hmsToSeconds / secondsToHms are LAVA seconds_to_str and its inverse', () => {
    assert.strictEqual(hmsToSeconds('00', '02', '57'), 177);
    assert.strictEqual(secondsToHms(177), '00:02:57');
    assert.strictEqual(secondsToHms(0.4), '00:00:00');
    assert.strictEqual(secondsToHms(3600 * 101 + 1), '101:00:01');
  });
});
