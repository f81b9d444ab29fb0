import * as assert from 'assert';
import { ActionTree, LogAction } from '../../../../src/core/log/actions';
import { OutlineSymbol, actionLines, foldingRanges, outlineSymbols, symbolDetail, symbolName } from '../../../../src/core/log/folding';
import { FormatOptions, formatRecord } from '../../../../src/core/log/format';
import { LineMap, formattedLineCount } from '../../../../src/core/log/lineMap';
import type { LogRecord } from '../../../../src/core/log/records';
import { JOBS, loadJob, rec } from './logFixtures';

const ALL = ['exception', 'error', 'warning', 'info', 'debug', 'input', 'target', 'feedback', 'results'];
const NO_DEBUG: FormatOptions = { time: 'utc', levels: new Set(ALL.filter((l) => l !== 'debug')) };
const TARGET_ONLY: FormatOptions = { time: 'hidden', levels: new Set(['target']) };

function model(records: readonly LogRecord[], opts: FormatOptions, finish = true): { tree: ActionTree; map: LineMap } {
  const tree = new ActionTree();
  const map = new LineMap();
  records.forEach((r, i) => {
    tree.push(r, i);
    map.appendRecord(formattedLineCount(r, opts));
  });
  if (finish) tree.finish();
  return { tree, map };
}

/** For each document line, its record, from actually formatting. */
function owners(records: readonly LogRecord[], opts: FormatOptions): number[] {
  const out: number[] = [];
  records.forEach((r, i) => {
    const n = formatRecord(r, opts).split('\n').length - 1;
    for (let k = 0; k < n; k++) out.push(i);
  });
  return out;
}

function flatten(symbols: readonly OutlineSymbol[]): OutlineSymbol[] {
  return symbols.flatMap((s) => [s, ...flatten(s.children)]);
}

describe('log folding: ranges and outline on the real LAVA logs', () => {
  for (const job of JOBS) {
    for (const [label, opts] of [
      ['all levels', { time: 'utc' }],
      ['no debug', NO_DEBUG],
      ['target only', TARGET_ONLY],
    ] as [string, FormatOptions][]) {
      it(`${job}, ${label}: each action covers exactly the lines of its records`, () => {
        const { records } = loadJob(job);
        const { tree, map } = model(records, opts);
        const owner = owners(records, opts);
        let ranges = 0;
        const folds = new Map(foldingRanges(tree, map).map((f) => [f.action, f]));
        for (const a of tree.all) {
          const last = a.lastIndex as number;
          // Independent: the lines whose record lies in [startIndex, lastIndex].
          const lines = owner.flatMap((r, line) => (r >= a.startIndex && r <= last ? [line] : []));
          const r = actionLines(a, map);
          if (lines.length === 0) {
            assert.strictEqual(r, undefined, `${a.level} has no line`);
          } else {
            assert.deepStrictEqual(r, { start: lines[0], end: lines[lines.length - 1] }, `${job} ${label} ${a.level} ${a.name}`);
          }
          const f = folds.get(a);
          if (lines.length >= 2) {
            ranges++;
            assert.deepStrictEqual([f?.start, f?.end], [lines[0], lines[lines.length - 1]]);
          } else {
            assert.strictEqual(f, undefined);
          }
        }
        assert.strictEqual(folds.size, ranges);
        if (label !== 'target only') assert.ok(ranges >= 10);
      });
    }
  }

  it('complete, all levels: folds start on the start: line and end on the end: line', () => {
    const { tree, map } = model(loadJob('complete').records, { time: 'utc' });
    const folds = foldingRanges(tree, map).map((f) => [f.start, f.end, symbolName(f.action)]);
    assert.deepStrictEqual(folds.slice(0, 3), [
      [1, 6, '0 validate'],
      [8, 66, '1 deployimages'],
      [9, 34, '1.1 download-retry'],
    ]);
    assert.deepStrictEqual(folds[folds.length - 3], [659, 671, '4 finalize']);
  });

  it('complete, no debug: a nested action folds from its first line shown', () => {
    const { records } = loadJob('complete');
    const { tree, map } = model(records, NO_DEBUG);
    const dl = tree.roots[1].children[0]; // 1.1 download-retry, start and end at debug
    assert.strictEqual(records[dl.startIndex].lvl, 'debug');
    const r = actionLines(dl, map);
    assert.ok(r);
    assert.strictEqual(map.recordAt(r.start) !== undefined && (map.recordAt(r.start) as number) > dl.startIndex, true);
    assert.strictEqual(records[map.recordAt(r.start) as number].lvl !== 'debug', true);
  });

  it('complete: the outline nests like the pipeline, with LAVA names and durations', () => {
    const { tree, map } = model(loadJob('complete').records, { time: 'utc' });
    const symbols = outlineSymbols(tree, map);
    assert.deepStrictEqual(
      symbols.map((s) => [s.name, s.detail, s.range.start, s.range.end, s.selectionLine]),
      [
        ['0 validate', '0.03 s', 1, 6, 1],
        ['1 deployimages', '00:00:00 of 00:02:00 · common', 8, 66, 8],
        ['2 boot-image-retry', '00:00:05 of 00:03:00 · common', 67, 453, 67],
        ['3 lava-test-interactive-retry', '00:00:47 of 00:04:00 · common', 454, 658, 454],
        ['4 finalize', '00:00:01 of 00:05:00 · common', 659, 671, 659],
      ],
    );
    assert.deepStrictEqual(
      symbols[2].children.map((s) => [s.name, s.children.map((c) => c.name)]),
      [
        ['2.1 boot-qemu-image', ['2.1.1 execute-qemu']],
        ['2.2 auto-login-action', ['2.2.1 login-action']],
      ],
    );
    assert.strictEqual(symbols[2].children[1].children[0].detail, '00:00:02 of 00:02:57 · common');
    // Every child lies inside its parent.
    const check = (s: OutlineSymbol): void => {
      for (const c of s.children) {
        assert.ok(c.range.start >= s.range.start && c.range.end <= s.range.end, `${c.name} in ${s.name}`);
        check(c);
      }
    };
    symbols.forEach(check);
    assert.strictEqual(flatten(symbols).length, tree.all.length);
  });

  it('incomplete: the implicit finalize in the outline, named after its steps, not "did not end"', () => {
    const { tree, map } = model(loadJob('incomplete').records, { time: 'utc' });
    const four = outlineSymbols(tree, map)[4];
    assert.deepStrictEqual(
      [four.name, four.detail, four.range, four.children.map((c) => c.name)],
      ['4 finalize', 'start and end not logged · common', { start: 549, end: 567 }, ['4.1 power-off', '4.2 read-feedback']],
    );
    assert.ok(flatten(outlineSymbols(tree, map)).every((s) => !/did not end/.test(s.detail)));
  });

  it('an action still open when the job ended says the job ended first', () => {
    const { records } = loadJob('incomplete');
    const tree = new ActionTree();
    for (let i = 0; i <= 500; i++) tree.push(records[i], i);
    tree.finish();
    const three = tree.roots[3];
    assert.strictEqual(symbolDetail(three), 'did not end: the job ended first · timeout 00:04:00 · common');
  });

  it('target only: actions without a line shown have no symbol', () => {
    const { tree, map } = model(loadJob('complete').records, TARGET_ONLY);
    const names = flatten(outlineSymbols(tree, map)).map((s) => s.name);
    assert.ok(names.includes('2.2.1 login-action'), names.join());
    assert.ok(!names.includes('1.1.1 file-download'));
    assert.ok(!names.includes('0 validate'));
  });
});

describe('log folding: while the log grows', () => {
  it('a running action folds to the end of the document and says "running"', () => {
    const { records } = loadJob('complete');
    const part = records.slice(0, 200);
    const { tree, map } = model(part, { time: 'utc' }, false);
    const boot = tree.roots[2];
    assert.strictEqual(boot.state, 'running');
    assert.deepStrictEqual(actionLines(boot, map), { start: 67, end: 199 });
    map.appendLines(2); // a follower notice at the end
    assert.deepStrictEqual(actionLines(boot, map), { start: 67, end: 201 });
    const s = outlineSymbols(tree, map)[2];
    assert.strictEqual(s.detail, 'running · timeout 00:03:00 · common');
    assert.strictEqual(s.children[1].children[0].detail, 'running · timeout 00:02:57 · common');
  });

  it('details for every state', () => {
    const mk = (o: Partial<LogAction>): LogAction =>
      ({
        level: '1',
        name: 'a',
        namespace: 'common',
        timeoutSeconds: 60,
        durationSeconds: undefined,
        startIndex: 0,
        endIndex: undefined,
        lastIndex: undefined,
        state: 'running',
        implicit: false,
        parent: undefined,
        children: [],
        ...o,
      }) as LogAction;
    assert.strictEqual(symbolDetail(mk({})), 'running · timeout 00:01:00 · common');
    assert.strictEqual(symbolDetail(mk({ state: 'did-not-end', timeoutSeconds: undefined, namespace: undefined })), 'did not end');
    assert.strictEqual(symbolDetail(mk({ state: 'ended', durationSeconds: 61 })), '00:01:01 of 00:01:00 · common');
    assert.strictEqual(symbolDetail(mk({ state: 'ended', durationSeconds: undefined })), 'common');
    assert.strictEqual(
      symbolDetail(mk({ state: 'ended', durationSeconds: 5, implicit: true, timeoutSeconds: undefined })),
      'start not logged · 00:00:05 · common',
    );
    assert.strictEqual(symbolName(mk({ name: '', implicit: true, level: '4' })), '4 (start not logged)');
  });

  it('synthetic: a multi-line exception inside an action extends its fold', () => {
    const recs = [
      rec('info', 'start: 1 a (timeout 00:01:00) [common]'),
      rec('exception', 'Traceback\n  line\nValueError'),
      rec('info', 'end: 1 a (duration 00:00:01) [common]'),
    ];
    const { tree, map } = model(recs, { time: 'hidden' });
    assert.deepStrictEqual(
      foldingRanges(tree, map).map((f) => [f.start, f.end]),
      [[0, 4]],
    );
  });
});
