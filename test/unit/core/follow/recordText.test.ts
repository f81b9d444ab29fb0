import assert from 'node:assert/strict';
import { RecordText } from '../../../../src/core/follow/recordText';
import { formatBody, formatRecord, FormatOptions } from '../../../../src/core/log/format';
import { JobLog, LogLine } from '../../../../src/core/log/jobLog';
import { LineMap } from '../../../../src/core/log/lineMap';
import { LogRecord, parseRecords } from '../../../../src/core/log/records';
import { LavaError } from '../../../../src/core/net/errors';
import { loadOutputYaml } from '../../../simulator/fixtures';

function fixtureLines(run: 'complete' | 'incomplete' = 'incomplete'): LogLine[] {
  return parseRecords(loadOutputYaml(run).join('\n') + '\n').records.map((record, index) => ({ index, record }));
}

describe("RecordText (REST records on the sink's side)", () => {
  it('formats each record once: the JobLog keeps the body it sets, the channel gets it with its time for the levels shown', () => {
    const lines = fixtureLines();
    const format: FormatOptions = { time: 'utc', levels: new Set(['error', 'results', 'target']) };
    let calls = 0;
    const counting = (r: LogRecord) => {
      calls++;
      return formatBody(r);
    };
    const log = new JobLog();
    let channel = '';
    new RecordText('7', format, counting).take(lines, (text, shown) => {
      log.addLines(shown);
      channel += text;
    });
    assert.equal(calls, lines.length);
    assert.equal(channel, lines.map((l) => formatRecord(l.record, format)).join(''));
    // What the JobLog keeps is those bodies, every level: a document shows them with its own options.
    const all: FormatOptions = { time: 'hidden' };
    assert.equal(log.render(all, new LineMap()), lines.map((l) => formatRecord(l.record, all)).join(''));
    assert.equal(calls, lines.length, 'the JobLog formatted a record again');
  });

  it("counts 'elapsed' from the job's first record, shown or not, across deliveries", () => {
    const lines = fixtureLines('complete');
    const format: FormatOptions = { time: 'elapsed', levels: new Set(['results']) };
    const text = new RecordText('7', format);
    let channel = '';
    text.take(lines.slice(0, 10), (t) => (channel += t));
    text.take(lines.slice(10), (t) => (channel += t));
    const expected: FormatOptions = { time: 'elapsed', levels: new Set(['results']) };
    assert.equal(channel, lines.map((l) => formatRecord(l.record, expected)).join(''));
    assert.ok(channel.length > 0 && !channel.includes('+--:--'));
  });

  it("shows the records before one it cannot format, then ends with an 'internal' error naming its line", () => {
    const lines = fixtureLines().slice(0, 20);
    let n = 0;
    const failing = (r: LogRecord) => {
      if (n++ === 12) throw new TypeError('boom');
      return formatBody(r);
    };
    const shown: { text: string; indexes: number[] }[] = [];
    assert.throws(
      () =>
        new RecordText('24', { time: 'hidden' }, failing).take(lines, (text, ls) => shown.push({ text, indexes: ls.map((l) => l.index) })),
      (err: unknown) =>
        err instanceof LavaError &&
        err.kind === 'internal' &&
        /line 12 of job 24's log could not be shown: TypeError: boom/.test(err.message),
    );
    assert.equal(shown.length, 1);
    assert.deepEqual(shown[0].indexes, [...Array(12).keys()]);
    assert.equal(
      shown[0].text,
      lines
        .slice(0, 12)
        .map((l) => formatRecord(l.record, { time: 'hidden' }))
        .join(''),
    );
  });
});
