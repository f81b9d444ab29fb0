import * as assert from 'assert';
import { FormatOptions, formatRecord } from '../../../../src/core/log/format';
import { LineMap, formattedLineCount, lavaAnchor } from '../../../../src/core/log/lineMap';
import type { LogRecord } from '../../../../src/core/log/records';
import { JOBS, loadJob, rec } from './logFixtures';

const ALL = ['exception', 'error', 'warning', 'info', 'debug', 'input', 'target', 'feedback', 'results'];
const OPTIONS: { label: string; opts: FormatOptions }[] = [
  { label: 'all levels, time', opts: { time: 'utc' } },
  { label: 'all levels, no time', opts: { time: 'hidden' } },
  { label: 'no debug', opts: { time: 'utc', levels: new Set(ALL.filter((l) => l !== 'debug')) } },
  { label: 'target only', opts: { time: 'hidden', levels: new Set(['target']) } },
  { label: 'errors and results', opts: { time: 'utc', levels: new Set(['error', 'exception', 'results']) } },
  { label: 'nothing', opts: { time: 'utc', levels: new Set<string>() } },
];

/**
 * The truth, from actually formatting: for each record, the document lines
 * its text occupies ([first, count]), and for each line, its record.
 */
function formatDoc(records: readonly LogRecord[], opts: FormatOptions): { spans: [number, number][]; owner: number[]; text: string } {
  const spans: [number, number][] = [];
  const owner: number[] = [];
  let text = '';
  records.forEach((r, i) => {
    const t = formatRecord(r, opts);
    const n = t.split('\n').length - 1;
    spans.push([owner.length, n]);
    for (let k = 0; k < n; k++) owner.push(i);
    text += t;
  });
  return { spans, owner, text };
}

function checkAgainstFormat(records: readonly LogRecord[], opts: FormatOptions, map: LineMap, label: string): void {
  const { spans, owner, text } = formatDoc(records, opts);
  assert.strictEqual(map.recordCount, records.length);
  assert.strictEqual(map.lineCount, owner.length, `${label}: line count`);
  assert.strictEqual(text.split('\n').length - 1, owner.length);
  spans.forEach(([first, n], i) => {
    assert.strictEqual(map.lineCountOf(i), n, `${label}: record ${i} lines`);
    assert.strictEqual(map.firstLine(i), n === 0 ? undefined : first, `${label}: record ${i} first line`);
    assert.strictEqual(map.lastLine(i), n === 0 ? undefined : first + n - 1, `${label}: record ${i} last line`);
  });
  owner.forEach((i, line) => assert.strictEqual(map.recordAt(line), i, `${label}: line ${line}`));
  assert.strictEqual(map.recordAt(owner.length), undefined);
  assert.strictEqual(map.recordAt(-1), undefined);
}

describe('log lineMap: formattedLineCount and LineMap against format.ts', () => {
  for (const job of JOBS) {
    for (const { label, opts } of OPTIONS) {
      it(`${job}, ${label}: every record and every line map both ways`, () => {
        const { records } = loadJob(job);
        const map = new LineMap(8); // grows many times
        for (const r of records) {
          assert.strictEqual(formattedLineCount(r, opts), formatRecord(r, opts).split('\n').length - 1);
          map.appendRecord(formattedLineCount(r, opts));
        }
        checkAgainstFormat(records, opts, map, `${job} ${label}`);
        // The same from the formatted text, and from build().
        const byText = new LineMap();
        for (const r of records) byText.appendFormatted(formatRecord(r, opts));
        checkAgainstFormat(records, opts, byText, `${job} ${label} (text)`);
        checkAgainstFormat(records, opts, LineMap.build(records, opts), `${job} ${label} (build)`);
      });
    }
  }

  it('the real logs hide many records under a filter but have no multi-line message (hence the synthetic cases)', () => {
    for (const job of JOBS) {
      const { records } = loadJob(job);
      const hidden = records.filter((r) => formattedLineCount(r, OPTIONS[2].opts) === 0).length;
      assert.ok(hidden > 50, `${job}: hidden ${hidden}`);
      assert.strictEqual(records.filter((r) => formattedLineCount(r, {}) > 1).length, 0, job);
    }
  });

  const SYNTH: LogRecord[] = [
    rec('info', 'one line'),
    rec('debug', 'two\nlines'),
    rec('target', 'trailing breaks dropped\n\n\r\n'),
    rec('input', 'uname -a\n'),
    rec('target', ''),
    rec('target', '\n'),
    rec('exception', 'Traceback (most recent call last):\n  File "x", line 1\n    boom\nValueError: no'),
    rec('target', 'cr\rin the middle\r\nand crlf'),
    rec('results', { case: 'c', definition: 'd', result: 'fail', error_msg: 'first\nsecond', error_type: 'Test' }),
    rec('results', { case: 'c', definition: 'd', result: 'pass' }),
    rec('debug', ['a\nb', 'c']),
    rec('debug', { nested: 'x\ny' }),
    { dt: '', lvl: 'unparsed', msg: '- not: [a record' },
    rec('feedback', 'fb\nline', 'common'),
    rec('newlevel', 'what\nis this'),
    rec('debug', 'a\n\nb\n'),
  ];

  for (const { label, opts } of OPTIONS) {
    it(`synthetic multi-line messages, ${label}`, () => {
      const map = new LineMap(2);
      for (const r of SYNTH) map.appendRecord(formattedLineCount(r, opts));
      checkAgainstFormat(SYNTH, opts, map, label);
    });
  }

  it('synthetic: the exact spans, with the time column on and off', () => {
    for (const time of ['utc', 'hidden'] as const) {
      const map = LineMap.build(SYNTH, { levels: undefined });
      const expected = [1, 2, 1, 1, 1, 1, 4, 2, 2, 1, 1, 1, 1, 2, 2, 3];
      assert.deepStrictEqual(
        SYNTH.map((_, i) => map.lineCountOf(i)),
        expected,
      );
      assert.strictEqual(
        formatDoc(SYNTH, { time }).owner.length,
        expected.reduce((a, b) => a + b),
      );
    }
  });

  it('unparsed records are shown whatever the filter', () => {
    const r: LogRecord = { dt: '', lvl: 'unparsed', msg: 'x' };
    assert.strictEqual(formattedLineCount(r, { levels: new Set() }), 1);
    assert.strictEqual(formattedLineCount(rec('debug', 'x'), { levels: new Set() }), 0);
  });
});

describe('log lineMap: LineMap', () => {
  it('notice lines between records belong to no record; nearest record before them', () => {
    const map = new LineMap();
    map.appendLines(2); // lines 0, 1: notices before any record
    map.appendRecord(1); // record 0: line 2
    map.appendRecord(0); // record 1: hidden
    map.appendLines(1); // line 3: notice
    map.appendRecord(3); // record 2: lines 4-6
    map.appendRecord(0); // record 3: hidden (trailing)
    assert.strictEqual(map.lineCount, 7);
    assert.deepStrictEqual(
      [0, 1, 2, 3, 4, 5, 6, 7].map((l) => map.recordAt(l)),
      [undefined, undefined, 0, undefined, 2, 2, 2, undefined],
    );
    assert.deepStrictEqual(
      [0, 1, 2, 3, 4, 6, 99].map((l) => map.recordAtOrBefore(l)),
      [undefined, undefined, 0, 0, 2, 2, 2],
    );
    assert.deepStrictEqual(
      [0, 1, 2, 3].map((i) => map.firstLine(i)),
      [2, undefined, 4, undefined],
    );
    // Lines around hidden records.
    assert.deepStrictEqual(
      [0, 1, 2, 3, 4].map((i) => map.lineAtOrAfter(i)),
      [2, 3, 4, undefined, undefined],
    );
    assert.deepStrictEqual(
      [0, 1, 2, 3, 9].map((i) => map.lineAtOrBefore(i)),
      [2, 2, 6, 6, 6],
    );
  });

  it('a hidden first record has no line before it', () => {
    const map = new LineMap();
    map.appendRecord(0);
    map.appendRecord(2);
    assert.strictEqual(map.lineAtOrBefore(0), undefined);
    assert.strictEqual(map.lineAtOrAfter(0), 0);
    assert.strictEqual(map.recordAt(0), 1);
    assert.strictEqual(new LineMap().recordAt(0), undefined);
    assert.strictEqual(new LineMap().lineAtOrBefore(5), undefined);
  });

  it('grows by doubling: 8 bytes a record, appends return the first line', () => {
    const map = new LineMap(16);
    let lines = 0;
    for (let i = 0; i < 100000; i++) {
      assert.strictEqual(map.appendRecord(i % 3), lines);
      lines += i % 3;
    }
    assert.strictEqual(map.lineCount, lines);
    assert.strictEqual(map.firstLine(99999), undefined);
    assert.strictEqual(map.firstLine(99998), lines - 2);
    assert.strictEqual(map.recordAt(lines - 1), 99998);
    assert.strictEqual(map.recordCount, 100000);
    assert.ok(map.byteSize >= 8 * 100000 && map.byteSize <= 16 * 100000 + 1024, String(map.byteSize));
  });
});

describe('log lineMap: lavaAnchor (the job page fragment)', () => {
  it('L<index> (0-based) for ordinary records; action_<level> for start lines; none for results', () => {
    const { records } = loadJob('incomplete');
    assert.strictEqual(lavaAnchor(records[0], 0), 'L0');
    assert.strictEqual(records[1].msg, 'start: 0 validate');
    assert.strictEqual(lavaAnchor(records[1], 1), 'L1', 'no blank after the name: LAVA gives it an L id');
    assert.strictEqual(lavaAnchor(records[8], 8), 'action_1');
    assert.strictEqual(lavaAnchor(records[10], 10), 'action_1-1-1');
    assert.strictEqual(records[7].lvl, 'results');
    assert.strictEqual(lavaAnchor(records[7], 7), undefined);
    assert.strictEqual(records[32].msg, 'end: 1.1.1 file-download (duration 00:00:00) [common]');
    assert.strictEqual(lavaAnchor(records[32], 32), 'L32');
    assert.strictEqual(records[536].lvl, 'error');
    assert.strictEqual(lavaAnchor(records[536], 536), 'L536');
    // A board printing a start line keeps its L id (target lines never get an action id).
    assert.strictEqual(lavaAnchor(rec('target', 'start: 1 x (timeout 00:01:00)'), 5), 'L5');
    assert.strictEqual(lavaAnchor(rec('warning', 'start: 2 x (timeout 00:01:00)'), 5), 'action_2');
  });
});
