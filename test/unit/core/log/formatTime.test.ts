import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatRecord, FormatOptions, timeModeOf } from '../../../../src/core/log/format';
import { TIME_MODES } from '../../../../src/core/log/recordTime';
import { dtMs, elapsedText } from '../../../../src/core/log/recordTime';
import { formattedLineCount, LineMap } from '../../../../src/core/log/lineMap';
import { LogRecord, parseRecords } from '../../../../src/core/log/records';
import { DATA_DIR } from '../../../simulator/fixtures';
import { JobLog } from '../../../../src/core/log/jobLog';
import { renderLog } from '../../../../src/core/document/renderLog';

const rec = (dt: string, msg: unknown = 'x', lvl = 'info'): LogRecord => ({ dt, lvl, msg }) as LogRecord;

/** Runs `fn` with the process in another time zone (Node reads TZ again when it changes). */
function inTimeZone<T>(tz: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

describe('lava format: time modes', () => {
  it('utc by default, hidden without a time column', () => {
    assert.strictEqual(timeModeOf({ time: 'utc' }), 'utc');
    assert.strictEqual(timeModeOf({ time: 'hidden' }), 'hidden');
    assert.strictEqual(timeModeOf({}), 'utc');
    assert.strictEqual(timeModeOf({ time: 'local' }), 'local');
    assert.strictEqual(formatRecord(rec('2023-06-01T05:24:00.06'), { time: 'hidden' }), 'x\n');
    assert.strictEqual(formatRecord(rec('2023-06-01T05:24:00.06'), {}), '05:24:00 x\n');
    assert.strictEqual(formatRecord(rec('2023-06-01T05:24:00.06'), { time: 'utc' }), '05:24:00 x\n');
  });

  it('local: the viewer’s time zone', () => {
    const opts: FormatOptions = { time: 'local' };
    assert.strictEqual(
      inTimeZone('Asia/Kolkata', () => formatRecord(rec('2023-06-01T05:24:00.060423'), opts)),
      '10:54:00 x\n',
    );
    assert.strictEqual(
      inTimeZone('America/New_York', () => formatRecord(rec('2023-06-01T05:24:00.060423', 'y', 'target'), opts)),
      '01:24:00 | y\n',
    );
    assert.strictEqual(
      inTimeZone('UTC', () => formatRecord(rec('2023-06-01T05:24:00+02:00'), opts)),
      '03:24:00 x\n',
    );
    assert.strictEqual(formatRecord(rec('yesterday'), opts), '--:--:-- x\n');
  });

  it('elapsed: +MM:SS, from an hour +H:MM:SS, since the first record (given or the first one formatted)', () => {
    assert.deepStrictEqual([0, 999, 1000, 59_999, 61_000, 3_599_999, 3_600_000, 36_000_000 + 62_000, -3_500].map(elapsedText), [
      '+00:00',
      '+00:00',
      '+00:01',
      '+00:59',
      '+01:01',
      '+59:59',
      '+1:00:00',
      '+10:01:02',
      '-00:03',
    ]);
    const start = dtMs('2023-06-01T05:24:00.500000')!;
    assert.strictEqual(formatRecord(rec('2023-06-01T06:25:03.600'), { time: 'elapsed', startMs: start }), '+1:01:03 x\n');

    // Not given: the first record with a readable time sets it, even when its level is not shown.
    const opts: FormatOptions = { time: 'elapsed', levels: new Set(['info']) };
    assert.strictEqual(formatRecord(rec('', 'no time'), opts), '+--:-- no time\n');
    assert.strictEqual(opts.startMs, undefined);
    assert.strictEqual(formatRecord(rec('2023-06-01T05:24:00.000', 'dbg', 'debug'), opts), '');
    assert.strictEqual(opts.startMs, Date.UTC(2023, 5, 1, 5, 24, 0));
    assert.strictEqual(formatRecord(rec('2023-06-01T05:25:10.9', 'later'), opts), '+01:10 later\n');
    assert.strictEqual(
      formatRecord(rec('2023-06-01T05:23:59', 'skewed', 'error'), { ...opts, levels: undefined }),
      '-00:01 ERROR skewed\n',
    );
  });

  it('gives every record the same lines in every mode (the line map relies on it)', () => {
    for (const run of ['complete', 'incomplete', 'canceled']) {
      const { records } = parseRecords(fs.readFileSync(path.join(DATA_DIR, run, 'output.yaml'), 'utf8'));
      records.push(rec('', 'a\nb\n\nc'), rec('nonsense', { definition: 'd', case: 'c\nx', result: 'pass' }, 'results'));
      const maps = TIME_MODES.map((time) => {
        const opts: FormatOptions = { time };
        const map = new LineMap();
        for (const r of records) {
          const text = formatRecord(r, opts);
          assert.strictEqual(map.appendFormatted(text), map.lineCount - formattedLineCount(r, {}), `${time}: ${text}`);
          // Only the prefix changes: the text after TIME is the same as without time.
          const hidden = formatRecord(r, { time: 'hidden' }).split('\n');
          const lines = text.split('\n');
          assert.strictEqual(lines.length, hidden.length);
          if (time !== 'hidden') lines.forEach((l, i) => assert.ok(l === '' || l.endsWith(hidden[i]), `${time}: ${l}`));
        }
        return map;
      });
      for (const map of maps.slice(1)) assert.strictEqual(map.lineCount, maps[0].lineCount, run);
    }
  });
});

describe('renderLog: time of a document', () => {
  it('elapsed counts from the log’s first record, and leaves the document’s options as they were', () => {
    const log = new JobLog();
    const lines = [
      '- {"dt": "2023-06-01T05:24:00.000000", "lvl": "debug", "msg": "first"}',
      '- {"dt": "2023-06-01T05:25:02.000000", "lvl": "info", "msg": "second"}',
    ];
    log.addLines(lines.map((line, index) => ({ index, record: parseRecords(line + '\n').records[0] })));
    const format: FormatOptions = { time: 'elapsed', levels: new Set(['info']) };
    assert.strictEqual(renderLog(log, format).text, '+01:02 second\n');
    assert.strictEqual(format.startMs, undefined);
    assert.strictEqual(renderLog(log, { time: 'hidden' }).text, 'first\nsecond\n');
    assert.strictEqual(renderLog(log, { time: 'utc' }).text, '05:24:00 first\n05:25:02 second\n');
  });
});
