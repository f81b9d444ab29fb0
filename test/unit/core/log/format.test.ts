import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatRecord, FormatOptions } from '../../../../src/core/log/format';
import { LogRecord, parseRecordLine, parseRecords } from '../../../../src/core/log/records';
import { DATA_DIR } from '../../../simulator/fixtures';

const FIXTURES = DATA_DIR;
const T: FormatOptions = { time: 'utc' };
const NT: FormatOptions = { time: 'hidden' };

function fmt(line: string, opts: FormatOptions = T): string {
  return formatRecord(parseRecordLine(line), opts);
}

describe('lava format: formatRecord', () => {
  it('formats info and debug without a mark', () => {
    assert.strictEqual(
      fmt('- {"dt": "2026-11-29T01:47:21.187646", "lvl": "info", "msg": "start: 0 validate"}'),
      '01:47:21 start: 0 validate\n',
    );
    assert.strictEqual(
      fmt('- {"dt": "2026-11-29T01:47:21.215561", "lvl": "debug", "msg": "total size: 1031595 (0MB)"}', NT),
      'total size: 1031595 (0MB)\n',
    );
  });

  it('reads naive, +00:00 and microsecond-less timestamps, and missing ones', () => {
    const rec = (dt: string): LogRecord => ({ dt, lvl: 'info', msg: 'x' });
    assert.strictEqual(formatRecord(rec('2023-06-01T05:24:00.060423'), T), '05:24:00 x\n');
    assert.strictEqual(formatRecord(rec('2026-05-01T05:24:00.060423+00:00'), T), '05:24:00 x\n');
    assert.strictEqual(formatRecord(rec('2026-05-01T05:24:00+00:00'), T), '05:24:00 x\n');
    assert.strictEqual(formatRecord(rec('2026-05-01T05:24:00'), T), '05:24:00 x\n');
    assert.strictEqual(formatRecord(rec('2026-05-01 05:24:00.5'), T), '05:24:00 x\n');
    assert.strictEqual(formatRecord(rec(''), T), '--:--:-- x\n');
    assert.strictEqual(formatRecord(rec('yesterday'), T), '--:--:-- x\n');
  });

  it('marks errors, warnings and exceptions', () => {
    assert.strictEqual(
      fmt('- {"dt": "2026-11-29T01:49:31.068863", "lvl": "error", "msg": "JobCanceled: The job was canceled"}'),
      '01:49:31 ERROR JobCanceled: The job was canceled\n',
    );
    assert.strictEqual(
      fmt('- {"dt": "2026-11-29T01:49:05.031368", "lvl": "exception", "msg": "progress reached 60, failing on purpose"}'),
      '01:49:05 EXCEPTION progress reached 60, failing on purpose\n',
    );
    assert.strictEqual(
      fmt('- {"dt": "2026-11-29T01:47:24.688615", "lvl": "warning", "msg": "The string \'/ # \' does not look like a typical prompt"}', NT),
      "WARNING The string '/ # ' does not look like a typical prompt\n",
    );
  });

  it('shows input with > and drops its trailing line break', () => {
    assert.strictEqual(fmt('- {"dt": "2026-11-29T01:49:29.325976", "lvl": "input", "msg": "uname -a\\n"}'), '01:49:29 > uname -a\n');
    assert.strictEqual(
      fmt(
        '- {"dt": "2026-11-29T01:47:26.681857", "lvl": "input", "msg": "for i in $(seq 150); do echo \\"progress $i/150\\"; sleep .3; done; echo \\"loop done: $i\\"\\n"}',
      ),
      '01:47:26 > for i in $(seq 150); do echo "progress $i/150"; sleep .3; done; echo "loop done: $i"\n',
    );
  });

  it('shows target output as the board printed it', () => {
    assert.strictEqual(
      fmt('- {"dt": "2026-11-29T01:47:21.443592", "lvl": "target", "msg": "c[?7l[2J[0mSeaBIOS (version 1.16.2-debian-1.16.2-1)"}'),
      '01:47:21 | SeaBIOS (version 1.16.2-debian-1.16.2-1)\n',
    );
    assert.strictEqual(fmt('- {"dt": "2026-11-29T01:47:26.654072", "lvl": "target", "msg": "/ # [6nuname -a"}', NT), '| / # uname -a\n');
    assert.strictEqual(
      fmt('- {"dt": "2026-11-29T01:47:24.707086", "lvl": "target", "msg": "[    0.163368] \\tRude variant of Tasks RCU enabled."}'),
      '01:47:24 | [    0.163368] \tRude variant of Tasks RCU enabled.\n',
    );
    assert.strictEqual(fmt('- {"dt": "2026-11-29T01:47:24", "lvl": "target", "msg": "\\e[1;32mOK\\e[0m"}'), '01:47:24 | OK\n');
    assert.strictEqual(fmt('- {"dt": "2026-11-29T01:47:24", "lvl": "target", "msg": ""}'), '01:47:24 |\n');
    assert.strictEqual(fmt('- {"dt": "2026-11-29T01:47:24", "lvl": "target", "msg": ""}', NT), '|\n');
  });

  it('shows feedback with its namespace', () => {
    assert.strictEqual(
      fmt('- {"dt": "2026-11-29T01:49:29.910012", "lvl": "feedback", "msg": "progress 2/150", "ns": "common"}'),
      '01:49:29 [feedback common] progress 2/150\n',
    );
    assert.strictEqual(fmt('- {"dt": "2026-11-29T01:49:29", "lvl": "feedback", "msg": "x"}', NT), '[feedback] x\n');
  });

  it('formats results', () => {
    assert.strictEqual(
      fmt('- {"dt": "2026-11-29T01:47:21.214024", "lvl": "results", "msg": {"case": "validate", "definition": "lava", "result": "pass"}}'),
      '01:47:21 RESULT lava/validate: pass\n',
    );
    assert.strictEqual(
      fmt(
        '- {"dt": "2026-11-29T01:48:13.608213", "lvl": "results", "msg": {"case": "expected-failure", "definition": "0_progress-demo", "duration": "0.13", "result": "fail"}}',
        NT,
      ),
      'RESULT 0_progress-demo/expected-failure: fail\n',
    );
    assert.strictEqual(
      fmt(
        '- {"dt": "2026-11-29T01:47:21.222606", "lvl": "results", "msg": {"case": "file-download", "definition": "lava", "duration": "0.01", "extra": {"label": "initrd", "size": ! "1031595"}, "level": "1.1.1", "namespace": "common", "result": "pass"}}',
      ),
      '01:47:21 RESULT lava/file-download: pass\n',
    );
    assert.strictEqual(
      fmt(
        '- {"dt": "2026-11-29T01:48:13", "lvl": "results", "msg": {"case": "boot-time", "definition": "perf", "measurement": ! "10.5", "units": "seconds", "result": "pass"}}',
      ),
      '01:48:13 RESULT perf/boot-time: pass (10.5 seconds)\n',
    );
    assert.strictEqual(
      fmt(
        '- {"dt": "2026-11-29T01:48:13", "lvl": "results", "msg": {"case": "count", "definition": "perf", "measurement": 3, "result": "skip"}}',
        NT,
      ),
      'RESULT perf/count: skip (3)\n',
    );
  });

  it('formats the job result, with its error on failure', () => {
    assert.strictEqual(
      fmt('- {"dt": "2026-11-29T01:48:14.820753", "lvl": "results", "msg": {"case": "job", "definition": "lava", "result": "pass"}}'),
      '01:48:14 RESULT lava/job: pass\n',
    );
    assert.strictEqual(
      fmt(
        '- {"dt": "2026-11-29T01:49:31.068952", "lvl": "results", "msg": {"case": "job", "definition": "lava", "error_msg": "The job was canceled", "error_type": "Canceled", "result": "fail"}}',
      ),
      '01:49:31 RESULT lava/job: fail — Canceled: The job was canceled\n',
    );
    assert.strictEqual(
      fmt(
        '- {"dt": "2026-11-29T01:49:06", "lvl": "results", "msg": {"case": "job", "definition": "lava", "error_msg": "two\\nlines", "error_type": "Test", "result": "fail"}}',
      ),
      '01:49:06 RESULT lava/job: fail — Test: two\n01:49:06 RESULT lines\n',
    );
  });

  it('shows list and other mapping messages as JSON', () => {
    assert.strictEqual(
      fmt('- {"dt": "2026-11-29T01:47:24.689081", "lvl": "debug", "msg": ["-\\\\[ cut here \\\\]", "Unhandled fault", "/ # "]}'),
      '01:47:24 ["-\\\\[ cut here \\\\]","Unhandled fault","/ # "]\n',
    );
    assert.strictEqual(fmt('- {"dt": "2026-11-29T01:47:24", "lvl": "info", "msg": {"a": 1}}', NT), '{"a":1}\n');
  });

  it('splits multi-line messages, each line with the same prefix', () => {
    assert.strictEqual(
      fmt('- {"dt": "2026-11-29T01:47:24", "lvl": "error", "msg": "Traceback:\\n  File \\"x\\"\\n\\nboom\\n"}'),
      '01:47:24 ERROR Traceback:\n01:47:24 ERROR   File "x"\n01:47:24 ERROR\n01:47:24 ERROR boom\n',
    );
    assert.strictEqual(fmt('- {"dt": "d", "lvl": "info", "msg": "a\\r\\nb"}', NT), 'a\nb\n');
  });

  it('shows unknown levels and unparsed lines', () => {
    assert.strictEqual(fmt('- {"dt": "2026-11-29T01:47:24", "lvl": "shiny", "msg": "new"}'), '01:47:24 <shiny> new\n');
    assert.strictEqual(fmt('garbage: [', T), '--:--:-- [unparsed] garbage: [\n');
  });

  it("keeps the server's namespace and level on one line, without controls, bounded", () => {
    const rec = (over: Partial<LogRecord>): LogRecord => ({ dt: '2026-11-29T01:47:24', lvl: 'feedback', msg: 'm', ...over });
    // A line break in a namespace or a level would fake a line of its own.
    assert.strictEqual(formatRecord(rec({ ns: 'a\n01:47:25 ERROR fake' }), T), '01:47:24 [feedback a\u240a01:47:25 ERROR fake] m\n');
    assert.strictEqual(formatRecord(rec({ lvl: 'x\r\n\u2691 [LAVA Follow] y' }), T), '01:47:24 <x\u240d\u240a<U+2691> [LAVA Follo…> m\n');
    assert.strictEqual(formatRecord(rec({ ns: '\x1b[31mred\x07\t\u202e' }), NT), '[feedback \u241b[31mred\u2407\u2409<U+202E>] m\n');
    const long = formatRecord(rec({ ns: 'n'.repeat(10_000) }), NT);
    assert.strictEqual(long, `[feedback ${'n'.repeat(39)}…] m\n`);
    assert.strictEqual(formatRecord(rec({ lvl: 'L'.repeat(10_000) }), NT), `<${'L'.repeat(23)}…> m\n`);
    assert.strictEqual(formatRecord(rec({ ns: 'common' }), NT), '[feedback common] m\n');
  });

  it('filters on levels; unparsed always shows', () => {
    const levels = new Set(['error', 'results']);
    assert.strictEqual(fmt('- {"dt": "2026-11-29T01:47:24", "lvl": "debug", "msg": "x"}', { time: 'utc', levels }), '');
    assert.strictEqual(fmt('- {"dt": "2026-11-29T01:47:24", "lvl": "error", "msg": "x"}', { time: 'utc', levels }), '01:47:24 ERROR x\n');
    assert.strictEqual(fmt('oops', { time: 'hidden', levels }), '[unparsed] oops\n');
    assert.strictEqual(fmt('- {"dt": "d", "lvl": "info", "msg": "x"}', { time: 'hidden', levels: new Set() }), '');
  });

  it('formats every fixture record as newline-terminated lines free of controls', () => {
    for (const run of ['complete', 'incomplete', 'canceled']) {
      const { records } = parseRecords(fs.readFileSync(path.join(FIXTURES, run, 'output.yaml'), 'utf8'));
      for (const rec of records) {
        const out = formatRecord(rec, T);
        assert.ok(out.endsWith('\n'), JSON.stringify(rec));
        for (const line of out.slice(0, -1).split('\n')) {
          assert.match(line, /^\d\d:\d\d:\d\d( |$)/, line);
          // eslint-disable-next-line no-control-regex
          assert.doesNotMatch(line, /[\x00-\x08\x0a-\x1f\x7f]/, line);
        }
      }
    }
  });
});
