// A 1,000,000-record synthetic log through the whole model: numbers printed, no timing assertions.
import * as assert from 'assert';
import { ActionTree } from '../../../../src/core/log/actions';
import { foldingRanges, outlineSymbols } from '../../../../src/core/log/folding';
import { LineMap, formattedLineCount } from '../../../../src/core/log/lineMap';
import { ProblemCollector } from '../../../../src/core/log/problems';
import type { LogRecord } from '../../../../src/core/log/records';

const N = 1_000_000;
const BLOCK = 1000; // one top-level action every BLOCK records

/**
 * Record i of the synthetic log, made on the fly (not stored, so the heap
 * growth measured is the model's).  Block k (records k*BLOCK …) is
 * `start: k+1 block` › `k+1.1 inner` › `k+1.1.1 leaf`, target lines, a
 * results line, a 3-line exception every 50th block, every 7th block left
 * without its ends (the next start closes it).
 */
function recordAt(i: number): LogRecord {
  const k = Math.floor(i / BLOCK);
  const j = i % BLOCK;
  const lv = String(k + 1);
  const dt = '2026-01-01T10:00:00.000000';
  const open = k % 7 !== 6;
  switch (j) {
    case 0:
      return { dt, lvl: 'info', msg: `start: ${lv} block (timeout 00:10:00) [common]` };
    case 1:
      return { dt, lvl: 'debug', msg: `start: ${lv}.1 inner (timeout 00:09:00) [common]` };
    case 2:
      return { dt, lvl: 'debug', msg: `start: ${lv}.1.1 leaf (timeout 00:00:10) [common]` };
    case 500:
      return open
        ? { dt, lvl: 'debug', msg: `end: ${lv}.1.1 leaf (duration 00:00:0${k % 2 === 0 ? 9 : 1}) [common]` }
        : { dt, lvl: 'target', msg: 'x' };
    case 501:
      return { dt, lvl: 'results', msg: { definition: 'suite', case: `case-${k}`, result: k % 5 === 0 ? 'fail' : 'pass' } };
    case 502:
      return k % 50 === 0 ? { dt, lvl: 'exception', msg: 'Traceback\n  File "x"\nValueError: boom' } : { dt, lvl: 'target', msg: 'y' };
    case 997:
      return open ? { dt, lvl: 'debug', msg: `end: ${lv}.1 inner (duration 00:01:00) [common]` } : { dt, lvl: 'target', msg: 'z' };
    case 998:
      return open ? { dt, lvl: 'info', msg: `end: ${lv} block (duration 00:01:01) [common]` } : { dt, lvl: 'target', msg: 'z' };
    default:
      return { dt, lvl: 'target', msg: `[ ${i}.000000] progress line ${j}` };
  }
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1) + ' MB';
}

describe('log model: 1,000,000 records (sanity, numbers printed)', function () {
  this.timeout(120000);

  it('builds the tree, problems and line map, then folds, outlines and looks lines up', () => {
    const g = (globalThis as { gc?: () => void }).gc;
    // Baseline: making the records alone.
    let sink = 0;
    const tb0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) sink += recordAt(i).lvl.length;
    const tb1 = process.hrtime.bigint();
    assert.ok(sink > 0);
    g?.();
    const mem0 = process.memoryUsage();
    const levels = new Set(['exception', 'error', 'warning', 'info', 'input', 'target', 'feedback', 'results']); // no debug

    const tree = new ActionTree();
    const problems = new ProblemCollector(tree);
    const all = new LineMap();
    const noDebug = new LineMap();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      const r = recordAt(i);
      problems.push(r, i, tree.push(r, i));
      all.appendRecord(formattedLineCount(r, {}));
      noDebug.appendRecord(formattedLineCount(r, { levels }));
    }
    tree.finish();
    const t1 = process.hrtime.bigint();
    g?.();
    const mem1 = process.memoryUsage();

    const folds = foldingRanges(tree, all);
    const outline = outlineSymbols(tree, noDebug);
    const t2 = process.hrtime.bigint();

    let hits = 0;
    for (let q = 0; q < 1_000_000; q++) {
      const line = (q * 7919) % all.lineCount;
      const idx = all.recordAt(line);
      if (idx !== undefined && all.firstLine(idx) !== undefined) hits++;
    }
    const t3 = process.hrtime.bigint();
    let owned = 0;
    for (let q = 0; q < 100_000; q++) if (tree.actionAt((q * 104729) % N) !== undefined) owned++;
    const t4 = process.hrtime.bigint();

    const ms = (a: bigint, b: bigint): string => (Number(b - a) / 1e6).toFixed(0) + ' ms';
    console.log(
      [
        `      records ${N}, lines ${all.lineCount} (no debug: ${noDebug.lineCount}), actions ${tree.all.length}, problems ${problems.problems.length}`,
        `      making the records alone: ${ms(tb0, tb1)}`,
        `      push (tree + problems + 2 line maps, records made on the fly): ${ms(t0, t1)} = ${(Number(t1 - t0) / N).toFixed(0)} ns/record`,
        `      JS heap growth: ${mb(mem1.heapUsed - mem0.heapUsed)}, array buffers: ${mb(mem1.arrayBuffers - mem0.arrayBuffers)}` +
          `${g ? '' : ' (no --expose-gc: approximate)'}; each line map ${mb(all.byteSize)} (capacity 2^20 records × 8 B)`,
        `      folding ranges (${folds.length}) + outline (${outline.length} roots): ${ms(t1, t2)}`,
        `      1,000,000 line → record lookups: ${ms(t2, t3)}; 100,000 actionAt: ${ms(t3, t4)}`,
      ].join('\n'),
    );

    // What the synthetic log must give (these can fail).
    const blocks = N / BLOCK;
    assert.strictEqual(tree.roots.length, blocks);
    assert.strictEqual(tree.all.length, 3 * blocks);
    const didNotEnd = tree.all.filter((a) => a.state === 'did-not-end').length;
    let unended = 0;
    for (let k = 0; k < blocks; k++) if (k % 7 === 6) unended++;
    assert.strictEqual(didNotEnd, 3 * unended);
    assert.strictEqual(all.lineCount, N + 2 * (blocks / 50));
    assert.strictEqual(noDebug.lineCount, all.lineCount - debugCount(blocks));
    assert.strictEqual(hits, 1_000_000);
    assert.strictEqual(owned, 100_000 - countUnowned());
    const fails = blocks / 5;
    const exceptions = blocks / 50;
    // leaf: 9 s of 10 s (≥ 85 %) in even blocks that end
    const timing = tree.all.filter((a) => a.level.endsWith('.1.1') && a.state === 'ended' && a.durationSeconds === 9).length;
    assert.strictEqual(problems.problems.length, fails + exceptions + timing);
    assert.ok(timing > 0);
  });
});

/** Debug records in the synthetic log: 2 starts per block, and 2 ends per block that ends. */
function debugCount(blocks: number): number {
  let n = 0;
  for (let k = 0; k < blocks; k++) n += k % 7 !== 6 ? 4 : 2;
  return n;
}

/** Probes of actionAt that fall outside every action: j == 999 of an ending block (after `end: k block`). */
function countUnowned(): number {
  let n = 0;
  for (let q = 0; q < 100_000; q++) {
    const i = (q * 104729) % N;
    const k = Math.floor(i / BLOCK);
    if (i % BLOCK === 999 && k % 7 !== 6) n++;
  }
  return n;
}
