// A job's log keeps each record as its body, level and time (recordStore.ts, recordTime.ts): a
// document rendered from them must be exactly what formatting the records gives, in every time
// mode and with any levels.
import * as assert from 'assert';
import { renderLog } from '../../../../src/core/document/renderLog';
import { formatBody, formatRecord, FormatOptions, recordTime, withTime } from '../../../../src/core/log/format';
import { TIME_MODES } from '../../../../src/core/log/recordTime';
import { JobLog, LogLine } from '../../../../src/core/log/jobLog';
import { formattedLineCount, lavaAnchor, LineMap } from '../../../../src/core/log/lineMap';
import { LogRecord } from '../../../../src/core/log/records';
import { DtReader, dtMs, TimeColumn } from '../../../../src/core/log/recordTime';
import { sanitizeLogText } from '../../../../src/core/untrusted/sanitize';
import { JOBS, loadJob } from './logFixtures';

/** Times as LAVA writes them, and every odd shape format.ts reads (or refuses) on its own. */
const ODD_TIMES: unknown[] = [
  '2023-06-01T05:24:00.060423',
  '2023-06-01T05:24:00.060999',
  '2023-06-01T05:24:00',
  '2023-06-01T05:24:00.',
  '2023-06-01T05:24:00.5',
  '2023-06-01T05:24:00.1234567891',
  '2023-06-01T05:24:00.060423+00:00',
  '2023-06-01T05:24:00.060423+05:30',
  '2023-06-01T05:24:00Z',
  '2023-06-01 05:24:00.060423',
  '2023-06-01T05:24:00.060423 trailing',
  '2023-13-45T25:61:61.000001',
  '0099-01-01T00:00:00.000000',
  '2023-06-01T5:24:00',
  '2023-06-01',
  'T05:24:00',
  'yesterday',
  '',
  42,
  undefined,
];

/** Records that take every path of format.ts: marks, empty messages, line breaks, mappings, controls, odd levels. */
function oddRecords(): LogRecord[] {
  const out: LogRecord[] = [];
  const messages: LogRecord['msg'][] = [
    'plain',
    '[    1.024901] kernel [x] é ü 😀 (100%)',
    'tab\there',
    '',
    'two\nlines',
    'trailing breaks\n\r\n',
    '\n',
    'a\n\nb',
    '\x1b[1;32mcolour\x1b[0m and [0m remnant',
    'bidi \u202e and notice \u2691 mark',
    'spaces at the end   ',
    { definition: 'lava', case: 'job', result: 'fail', error_type: 'Bug', error_msg: 'line one\nline two' },
    ['a', { b: 1 }],
  ];
  const levels = [
    '', // a server's empty level, first: not a blank line
    'info',
    'debug',
    'target',
    'input',
    'feedback',
    'warning',
    'error',
    'exception',
    'results',
    'unparsed',
    'brand-new',
    'x\ny',
  ];
  let k = 0;
  for (const lvl of levels)
    for (const msg of messages) {
      const dt = ODD_TIMES[k++ % ODD_TIMES.length];
      out.push({ dt: dt as string, lvl, msg, ...(lvl === 'feedback' && k % 2 ? { ns: 'name space\t' } : {}) });
    }
  return out;
}

/** The record lists the tests run on: the three real jobs and the odd records. */
function recordLists(): [string, LogRecord[]][] {
  return [...JOBS.map((job): [string, LogRecord[]] => [job, loadJob(job).records]), ['odd records', oddRecords()]];
}

const LEVEL_CHOICES: (ReadonlySet<string> | undefined)[] = [
  undefined,
  new Set(['info']),
  new Set(['info', 'target', 'error', 'results', 'brand-new']),
  new Set<string>(),
];

/** What the document used to be: every record formatted with the document's options, made safe. */
function expected(records: readonly (LogRecord | undefined)[], format: FormatOptions): { text: string; lines: number[] } {
  const opts = { ...format };
  let text = '';
  const lines: number[] = [];
  for (const rec of records) {
    const t = rec ? formatRecord(rec, opts) : '';
    text += t;
    lines.push(rec ? formattedLineCount(rec, opts) : 0);
  }
  return { text: sanitizeLogText(text), lines };
}

describe('RecordStore: a record kept as body, level and time', () => {
  it('gives formatRecord’s lines back, made safe: withTime(formatBody(r), recordTime(r, o)) for every record and time mode', () => {
    for (const [name, records] of recordLists())
      for (const time of TIME_MODES) {
        const a: FormatOptions = { time };
        const b: FormatOptions = { time };
        for (const rec of records) {
          const body = formatBody(rec);
          const want = sanitizeLogText(formatRecord(rec, b));
          assert.strictEqual(withTime(body, recordTime(rec, a)), want, `${name} ${time}: ${JSON.stringify(rec)}`);
        }
        assert.strictEqual(a.startMs, b.startMs, `${name} ${time}: the elapsed start`);
      }
  });

  it('reads every time as format.ts does, the shared second included', () => {
    const reader = new DtReader();
    // In order, twice, and each after a time of another second: the cached second must never leak.
    const times = [...ODD_TIMES, ...ODD_TIMES, ...ODD_TIMES.flatMap((t) => ['2024-02-29T23:59:59.999', t])];
    for (const dt of times) {
      reader.read(dt);
      const ms = dtMs(dt);
      assert.ok(Object.is(reader.ms, ms === undefined ? NaN : ms), `${JSON.stringify(dt)}: ${reader.ms} vs ${ms}`);
      const utc = formatRecord({ dt: dt as string, lvl: 'info', msg: '' }, { time: 'utc' }).trimEnd();
      assert.strictEqual(new TimeColumn('utc', undefined).text(reader.clock, reader.ms), utc, JSON.stringify(dt));
      const local = formatRecord({ dt: dt as string, lvl: 'info', msg: '' }, { time: 'local' }).trimEnd();
      assert.strictEqual(new TimeColumn('local', undefined).text(reader.clock, reader.ms), local, JSON.stringify(dt));
    }
  });

  it('renders a document exactly as formatting its records would, in every time mode and with any levels, blank lines counted', () => {
    for (const [name, records] of recordLists()) {
      // Blank lines at the start, between batches and inside them; batches of uneven sizes.
      const lines: (LogRecord | undefined)[] = [undefined, ...records.slice(0, 20), undefined, undefined, ...records.slice(20)];
      const log = new JobLog();
      for (let at = 0, size = 1; at < lines.length; at += size, size = (size * 7) % 61) {
        const batch: LogLine[] = [];
        lines.slice(at, at + size).forEach((rec, i) => rec && batch.push({ index: at + i, record: rec }));
        log.addLines(batch);
      }
      // A page read again adds nothing.
      log.addLines([{ index: 3, record: records[0] }]);
      assert.strictEqual(log.recordCount, lines.length, name);
      for (const time of TIME_MODES)
        for (const levels of LEVEL_CHOICES) {
          const format: FormatOptions = { time, levels };
          const want = expected(lines, format);
          const got = renderLog(log, format);
          const what = `${name}, ${time}, ${levels ? [...levels].join('+') || 'none' : 'all'}`;
          assert.strictEqual(got.text, want.text, what);
          assert.deepStrictEqual(
            want.lines.map((_, i) => got.lines.lineCountOf(i)),
            want.lines,
            `${what}: lines of each record`,
          );
          assert.strictEqual(format.startMs, undefined, 'the document’s options are left as they were');
        }
    }
  });

  it('maps records to lines without the text exactly as rendering does, and extends a kept map as the log grows', () => {
    for (const [name, records] of recordLists()) {
      const lines: (LogRecord | undefined)[] = [undefined, ...records.slice(0, 20), undefined, ...records.slice(20)];
      const log = new JobLog();
      const kept = new Map<string, LineMap>();
      for (let at = 0, size = 1; at < lines.length; at += size, size = (size * 5) % 37) {
        const batch: LogLine[] = [];
        lines.slice(at, at + size).forEach((rec, i) => rec && batch.push({ index: at + i, record: rec }));
        log.addLines(batch);
        // A map kept beside the growing log: only what is new is added to it.
        for (const levels of LEVEL_CHOICES) {
          const key = levels ? [...levels].join('+') : '*';
          if (!kept.has(key)) kept.set(key, new LineMap());
          log.mapLines({ levels }, kept.get(key)!);
        }
      }
      for (const levels of LEVEL_CHOICES) {
        const rendered = renderLog(log, { time: 'utc', levels }).lines;
        const fresh = new LineMap();
        log.mapLines({ levels }, fresh);
        const what = `${name}, ${levels ? [...levels].join('+') || 'none' : 'all'}`;
        for (const map of [fresh, kept.get(levels ? [...levels].join('+') : '*')!]) {
          assert.strictEqual(map.recordCount, rendered.recordCount, what);
          assert.strictEqual(map.lineCount, rendered.lineCount, what);
          for (let i = 0; i < rendered.recordCount; i++)
            assert.strictEqual(map.firstLine(i), rendered.firstLine(i), `${what}: record ${i}`);
        }
      }
    }
  });

  it('keeps what LAVA’s page anchors need: the level and the shown text of each record', () => {
    const { records } = loadJob('complete');
    const log = new JobLog();
    log.addLines(records.map((record, index) => ({ index, record })));
    let actions = 0;
    records.forEach((rec, i) => {
      assert.strictEqual(log.level(i), rec.lvl);
      const anchor = log.anchor(i);
      assert.strictEqual(anchor, lavaAnchor(rec, i), `line ${i}`);
      if (anchor?.startsWith('action_')) actions++;
    });
    assert.ok(actions > 10, `${actions} action anchors`);
    assert.strictEqual(log.level(records.length), 'blank');
  });
});
