import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applySgr, color256, MAX_STYLES, StyleTable, styledLine, TextStyle } from '../../../../src/core/log/ansiStyles';
import { formatBody, formatBodyStyled, withTime } from '../../../../src/core/log/format';
import { JobLog } from '../../../../src/core/log/jobLog';
import { LineMap } from '../../../../src/core/log/lineMap';
import { parseRecords, LogRecord } from '../../../../src/core/log/records';
import { stripTerminalControls } from '../../../../src/core/log/terminal';
import { colourRanges } from '../../../../src/core/document/logColours';
import { DATA_DIR } from '../../../simulator/fixtures';

/** The styled pieces of a line: [text, style] for each range. */
function pieces(line: string, table = new StyleTable()): [string, TextStyle | undefined][] {
  const s = styledLine(line, table);
  const out: [string, TextStyle | undefined][] = [];
  for (let i = 0; i < s.ranges.length; i += 3) out.push([s.text.slice(s.ranges[i], s.ranges[i + 1]), table.style(s.ranges[i + 2])]);
  return out;
}

/** A small deterministic random source. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const ALPHABET = [
  '\x1b',
  '[',
  ']',
  '0',
  '1',
  '3',
  '2',
  ';',
  ':',
  'm',
  'J',
  '?',
  '7',
  'l',
  'h',
  'c',
  'a',
  ' ',
  '\x9b',
  '\x07',
  '\u200b',
  '\u2691',
  '\t',
  '\\',
  'P',
  '8',
  '5',
  '4',
];

describe('the board colours: SGR read into styled ranges (ansiStyles.ts)', () => {
  it('LAVA 2023.01 form (ESC dropped): [32mgreen[0m is "green" in green, no escape left', () => {
    const table = new StyleTable();
    const s = styledLine('[32mgreen[0m', table);
    assert.strictEqual(s.text, 'green');
    assert.deepStrictEqual(s.ranges, [0, 5, 0]);
    assert.deepStrictEqual(table.style(0), { fg: 2 });
  });

  it('ESC form, systemd OK, bold / italic / underline and their ends', () => {
    assert.deepStrictEqual(pieces('\x1b[32mgreen\x1b[0m plain'), [['green', { fg: 2 }]]);
    assert.deepStrictEqual(pieces('[\x1b[0;32m  OK  \x1b[0m] Started'), [['  OK  ', { fg: 2 }]]);
    assert.strictEqual(styledLine('[\x1b[0;32m  OK  \x1b[0m] Started', new StyleTable()).text, '[  OK  ] Started');
    assert.deepStrictEqual(pieces('[0;1;31mFAIL[0m'), [['FAIL', { fg: 1, bold: true }]]);
    assert.deepStrictEqual(pieces('\x1b[1ma\x1b[3mb\x1b[22mc\x1b[4md\x1b[23;24me'), [
      ['a', { bold: true }],
      ['b', { bold: true, italic: true }],
      ['c', { italic: true }],
      ['d', { italic: true, underline: true }],
    ]);
    assert.deepStrictEqual(pieces('\x1b[41;97mX\x1b[39mY\x1b[49mZ'), [
      ['X', { fg: 15, bg: 1 }],
      ['Y', { bg: 1 }],
    ]);
  });

  it('256 and true colours: the 16 stay theme colours, the others are RGB', () => {
    assert.deepStrictEqual(pieces('\x1b[38;5;2mA\x1b[38;5;208mB\x1b[48;2;1;2;3mC\x1b[38:2::255:0:0mD'), [
      ['A', { fg: 2 }],
      ['B', { fg: '#ff8700' }],
      ['C', { fg: '#ff8700', bg: '#010203' }],
      ['D', { fg: '#ff0000', bg: '#010203' }],
    ]);
    assert.strictEqual(color256(232), '#080808');
    assert.strictEqual(color256(16), '#000000');
    assert.strictEqual(color256(256), undefined);
    const s: TextStyle = {};
    applySgr(s, '38;2;300;0;0'); // out of range: ignored
    assert.deepStrictEqual(s, {});
    applySgr(s, '38;5'); // cut short: ignored
    assert.deepStrictEqual(s, {});
  });

  it('the text is always stripTerminalControls of the line (real console lines and random debris)', () => {
    const table = new StyleTable();
    const lines: string[] = [];
    for (const run of ['complete', 'incomplete', 'canceled']) {
      const { records } = parseRecords(fs.readFileSync(path.join(DATA_DIR, run, 'output.yaml'), 'utf8'));
      for (const r of records) if (typeof r.msg === 'string') lines.push(...r.msg.split('\n'));
    }
    const random = rng(24);
    for (let n = 0; n < 5000; n++) {
      let line = '';
      const len = Math.floor(random() * 30);
      for (let i = 0; i < len; i++) line += ALPHABET[Math.floor(random() * ALPHABET.length)];
      lines.push(line);
    }
    for (const line of lines) {
      const s = styledLine(line, table);
      assert.strictEqual(s.text, stripTerminalControls(line), JSON.stringify(line));
      for (let i = 0; i < s.ranges.length; i += 3) {
        assert.ok(s.ranges[i] < s.ranges[i + 1] && s.ranges[i + 1] <= s.text.length, JSON.stringify(line));
        if (i > 0) assert.ok(s.ranges[i] >= s.ranges[i - 2], JSON.stringify(line));
      }
    }
  });

  it('a styled body is formatBody exactly, its ranges on the safe text (marks, several lines, hidden characters)', () => {
    const random = rng(7);
    const table = new StyleTable();
    for (let n = 0; n < 3000; n++) {
      let msg = '';
      const len = Math.floor(random() * 40);
      for (let i = 0; i < len; i++) msg += random() < 0.05 ? '\n' : ALPHABET[Math.floor(random() * ALPHABET.length)];
      const lvl = ['target', 'info', 'feedback', 'input', 'odd\nlevel'][n % 5];
      const rec: LogRecord = { dt: '2026-11-29T01:47:20.622902', lvl, msg, ns: 'com\x1bmon' };
      const styled = formatBodyStyled(rec, table);
      assert.strictEqual(styled.body, formatBody(rec), JSON.stringify(msg));
      const bodyLines = styled.body.split('\n');
      for (let i = 0; i < styled.spans.length; i += 4) assert.ok(styled.spans[i + 2] <= bodyLines[styled.spans[i]].length);
    }
    const green = formatBodyStyled({ dt: '', lvl: 'target', msg: 'a\u200b[32mgreen[0m\nsecond [1mline' }, new StyleTable());
    assert.strictEqual(green.body, '| a<U+200B>green\n| second line\n');
    assert.deepStrictEqual(green.spans, [0, 11, 16, 0, 1, 9, 13, 1]);
  });

  it('hostile: thousands of distinct colours make at most MAX_STYLES styles, reused; the rest unstyled', () => {
    const table = new StyleTable();
    let line = '';
    for (let i = 0; i < 5000; i++) line += `\x1b[38;2;${i % 256};${(i >> 8) % 256};7mx`;
    const s = styledLine(line + '\x1b[38;2;0;0;7my', table);
    assert.strictEqual(s.text, 'x'.repeat(5000) + 'y');
    assert.strictEqual(table.size, MAX_STYLES);
    assert.ok(table.dropped >= 5000 - MAX_STYLES);
    assert.strictEqual(s.ranges.length / 3, MAX_STYLES + 1, 'the first 64 colours and the reused first one');
    assert.deepStrictEqual(s.ranges.slice(-3), [5000, 5001, 0]);
  });

  it('hostile: unterminated and oversized sequences, a huge line', () => {
    assert.deepStrictEqual(styledLine('\x1b[32', new StyleTable()), { text: '32', ranges: [] }); // as terminal.ts: a lone ESC [
    assert.deepStrictEqual(styledLine('ok\x1b[', new StyleTable()), { text: 'ok', ranges: [] });
    assert.deepStrictEqual(styledLine('[32', new StyleTable()), { text: '[32', ranges: [] });
    const many = '\x1b[' + '1;'.repeat(100000) + '32mX';
    assert.deepStrictEqual(pieces(many), [['X', { bold: true }]], 'only the first MAX_PARAMS parameters are read');
    // A 1.6 MB line with 100 000 styled words: linear (the suite's timeout bounds it), every range right.
    const table = new StyleTable();
    const huge = '[31mred[0m plain '.repeat(100000);
    const s = styledLine(huge, table);
    assert.strictEqual(s.text, 'red plain '.repeat(100000));
    assert.strictEqual(s.ranges.length, 3 * 100000);
    assert.deepStrictEqual(s.ranges.slice(-3), [999990, 999993, 0]);
  });
});

describe('the board colours in a job log and on its document', () => {
  const line = (index: number, lvl: string, msg: string) => ({ index, record: { dt: '2026-11-29T01:47:20.622902', lvl, msg } });

  it('the JobLog keeps styled ranges only for the records that have them; colourRanges moves them past the time', () => {
    const log = new JobLog();
    log.addLines([
      line(0, 'info', 'start: 1 boot'),
      line(1, 'target', '[[0;32m  OK  [0m] Started'),
      line(2, 'debug', 'hidden by the levels'),
      line(3, 'target', 'PASS: \x1b[1;32mone\x1b[0m\nFAIL: \x1b[31mtwo\x1b[0m'),
    ]);
    assert.deepStrictEqual(log.spansOf(0), []);
    assert.deepStrictEqual(log.spansOf(1), [0, 3, 9, 0]);
    assert.strictEqual(log.body(1), '| [  OK  ] Started\n');
    for (const time of ['utc', 'hidden', 'elapsed'] as const) {
      const lines = new LineMap();
      const format = { time, levels: new Set(['info', 'target']) };
      const text = log.render(format, lines);
      const docLines = text.split('\n');
      const ranges = colourRanges(log, lines, 0, 100, (l) => docLines[l]);
      const seen = ranges.map((r) => [docLines[r.line].slice(r.start, r.end), log.styles.style(r.style)]);
      assert.deepStrictEqual(
        seen,
        [
          ['  OK  ', { fg: 2 }],
          ['one', { fg: 2, bold: true }],
          ['two', { fg: 1 }],
        ],
        time,
      );
      // A window: only its lines.
      assert.deepStrictEqual(
        colourRanges(log, lines, 3, 3, (l) => docLines[l]).map((r) => r.line),
        [3],
      );
    }
    const rendered = log.render({ time: 'utc' }, new LineMap());
    assert.ok(!rendered.includes('\x1b') && !rendered.includes('[3'), 'no escape in the document');
    assert.ok(withTime(log.body(3), 'T').startsWith('T | PASS: one'));
  });

  it('a log without colours keeps no style data', () => {
    const log = new JobLog();
    log.addLines([line(0, 'target', '[    0.000000] Linux version'), line(1, 'target', 'plain')]);
    assert.strictEqual(log.styles.size, 0);
    assert.deepStrictEqual(
      colourRanges(log, new LineMap(), 0, 10, () => ''),
      [],
    );
  });
});
