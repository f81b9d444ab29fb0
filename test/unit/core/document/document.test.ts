import assert from 'node:assert/strict';
import { jobLogUri, parseJobLogUri } from '../../../../src/core/document/jobLogUri';
import { refreshDecision } from '../../../../src/core/document/refreshPolicy';
import { renderLog } from '../../../../src/core/document/renderLog';
import { formatRecord, FormatOptions } from '../../../../src/core/log/format';
import { JobLog, LogLine } from '../../../../src/core/log/jobLog';
import { parseRecordLine } from '../../../../src/core/log/records';
import { loadOutputYaml } from '../../../simulator/fixtures';

function lines(raw: string[], first = 0): LogLine[] {
  return raw.map((line, i) => ({ index: first + i, record: parseRecordLine(line) }));
}

describe('job log document', () => {
  it('names server and job in its URI and reads them back; refuses what is not one', () => {
    const uri = jobLogUri({ serverUrl: 'https://lava.example.org/lava', jobId: '12' });
    assert.equal(uri.scheme, 'lava-log');
    assert.equal(uri.path, '/LAVA job 12.lava-log');
    assert.deepEqual(parseJobLogUri(uri), { serverUrl: 'https://lava.example.org/lava', jobId: '12' });
    assert.equal(parseJobLogUri({ ...uri, scheme: 'file' }), undefined);
    assert.equal(parseJobLogUri({ ...uri, query: 'server=javascript%3Aalert(1)&job=12' }), undefined);
    assert.equal(parseJobLogUri({ ...uri, query: 'server=https%3A%2F%2Fh&job=1%0A2' }), undefined);
  });

  it('renders a REST log as the channel shows it, with every record on its line, blank lines counted', () => {
    const raw = loadOutputYaml('incomplete');
    const log = new JobLog();
    log.addLines(lines(raw.slice(0, 100)));
    // Two blank lines of output.yaml (LAVA counts them) between the pages.
    log.addLines(lines(raw.slice(100), 102));
    assert.equal(log.recordCount, raw.length + 2);
    const format: FormatOptions = { time: 'utc' };
    const doc = renderLog(log, format);
    const expected = raw.map((l) => formatRecord(parseRecordLine(l), format)).join('');
    assert.equal(doc.text, expected);
    const index = 150 + 2;
    assert.equal(doc.text.split('\n')[doc.lines.firstLine(index)!], formatRecord(parseRecordLine(raw[150]), format).split('\n')[0]);
    // Hidden levels: no line, the map still finds the next one shown.
    const noDebug = renderLog(log, { time: 'hidden', levels: new Set(['info', 'error', 'exception', 'results']) });
    assert.ok(noDebug.text.length < doc.text.length / 2, `${noDebug.text.length} of ${doc.text.length}`);
    assert.equal(noDebug.lines.firstLine(index), undefined, 'a record of a hidden level has no line');
  });

  it('finds the pipeline and the error of the real Incomplete job as records arrive', () => {
    const raw = loadOutputYaml('incomplete');
    const log = new JobLog();
    for (let i = 0; i < raw.length; i += 37) log.addLines(lines(raw.slice(i, i + 37), i));
    log.finish({ health: 'Incomplete' });
    assert.ok(log.actions.roots.length >= 3, `roots: ${log.actions.roots.map((a) => a.level).join(',')}`);
    const errors = log.problems.problems.filter((p) => p.kind === 'error' || p.kind === 'exception');
    assert.ok(errors.length >= 1);
    assert.match(log.level(errors[0].index), /error|exception/);
  });

  it('keeps log-tail text made safe, and starts again when the log restarts', () => {
    const log = new JobLog();
    log.addText('boot\x1b[0m ok\n');
    assert.equal(log.kind, 'text');
    assert.equal(renderLog(log, { time: 'hidden' }).text, 'boot\u241b[0m ok\n');
    log.restart();
    log.addText('again\n');
    assert.equal(log.text(), 'again\n');
  });

  it('hands a growing document over in a geometric series: at most a few times its size in all', () => {
    let handed = 0;
    let total = 0;
    let at = 0;
    const final = 20 * 1024 * 1024;
    // 20 MB over 2 minutes, a poll every 400 ms.
    for (let now = 0, size = 0; size < final; now += 400) {
      size = Math.min(final, size + Math.round(final / 300));
      const d = refreshDecision({ handed, at }, size, now, true, size === final);
      if (d.kind === 'now') {
        total += size;
        handed = size;
        at = now;
      }
    }
    assert.equal(handed, final);
    const ratio = total / final;
    assert.ok(ratio <= 10, `handed ${ratio.toFixed(1)}× the size`);
    // Nobody looks: nothing is handed over; the end is handed at once.
    assert.deepEqual(refreshDecision({ handed: 10, at: 0 }, 20, 1000, false, false), { kind: 'wait' });
    assert.deepEqual(refreshDecision({ handed: 10_000_000, at: 0 }, 10_000_001, 1000, true, true), { kind: 'now' });
    assert.deepEqual(refreshDecision({ handed: 100, at: 1000 }, 200, 1100, true, false), { kind: 'later', inMs: 200 });
  });

  it('spaces the renders of a log that grows faster than it renders by what the last one cost', () => {
    // A finished 50 MB log read page after page (600 kB every 60 ms); a render costs 40 ms a MB.
    const final = 50_000_000;
    let handed = 0;
    let at = 0;
    let costMs = 0;
    let rendering = 0;
    let renders = 0;
    let now = 0;
    for (let size = 0; size < final;) {
      now += 60;
      size = Math.min(final, size + 600_000);
      if (size === final) break; // the end is handed over at once, whatever it costs
      const d = refreshDecision({ handed, at, costMs }, size, now, true, false);
      if (d.kind !== 'now') continue;
      costMs = (size / 1_000_000) * 40;
      now += costMs; // rendering holds the extension host
      rendering += costMs;
      renders++;
      handed = size;
      at = now;
    }
    assert.ok(renders > 2, `${renders} renders`);
    // Without the cost rule: 5 renders, 48% of the time (and 2.3× the log handed); with it: 3, 29%.
    assert.ok(rendering <= now / 3, `rendered ${rendering.toFixed(0)} ms of ${now.toFixed(0)} ms`);
    // The gap after a costly render is that many times its cost.
    assert.deepEqual(refreshDecision({ handed: 1_000_000, at: 1000, costMs: 800 }, 2_000_000, 2000, true, false), {
      kind: 'later',
      inMs: 2200,
    });
    // Cheap renders keep the minimum gap of a second.
    assert.deepEqual(refreshDecision({ handed: 1_000_000, at: 1000, costMs: 10 }, 2_000_000, 1500, true, false), {
      kind: 'later',
      inMs: 500,
    });
  });
});
