// What a JobLog keeps alive: its lines once, not the pages they were cut from a second time.
import * as assert from 'assert';
import * as v8 from 'v8';
import * as vm from 'vm';
import { JobLog, LogLine } from '../../../../src/core/log/jobLog';
import { ownText } from '../../../../src/core/util/detachedCopy';
import { parseRecordLine } from '../../../../src/core/log/records';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/**
 * A page as a server answers it (one string), with `filler` lines of console output between
 * each action's start and end, an error and a failed test: every action name, namespace,
 * message and test name is 13 characters or more, so V8 would keep it as a view of the page.
 */
function page(p: number, filler: number): string {
  const out: string[] = [];
  const dt = '2026-11-30T12:00:00.000000';
  // A level of the server's own, new on every page (the log keeps each level name seen).
  out.push(`- {"dt": "${dt}", "lvl": "a-level-of-this-server-on-page-${p}", "msg": "its own level"}`);
  for (let a = 0; a < 20; a++) {
    const level = `${p + 1}.${a + 1}`;
    out.push(
      `- {"dt": "${dt}", "lvl": "debug", "msg": "start: ${level} action-with-a-long-name-${a} (timeout 00:01:00) [namespace-number-${p}]"}`,
    );
    for (let i = 0; i < filler; i++)
      out.push(`- {"dt": "${dt}", "lvl": "target", "msg": "console output line ${i} of action ${a}, page ${p}: ${'x'.repeat(60)}"}`);
    out.push(`- {"dt": "${dt}", "lvl": "error", "msg": "an error message of action ${a} on page ${p}, long enough to be a view"}`);
    out.push(
      `- {"dt": "${dt}", "lvl": "results", "msg": {"definition": "a-test-suite-name-${p}", "case": "a-test-case-name-${a}", "result": "fail"}}`,
    );
    out.push(
      `- {"dt": "${dt}", "lvl": "debug", "msg": "end: ${level} action-with-a-long-name-${a} (duration 00:00:59) [namespace-number-${p}]"}`,
    );
  }
  return out.join('\n') + '\n';
}

describe('JobLog memory', () => {
  it('holds a log of 20 pages about once: no page is kept alive behind an action, a problem, a test name or a level', () => {
    const log = new JobLog();
    let size = 0;
    const before = heapAfterGc();
    for (let p = 0, index = 0; p < 20; p++) {
      // Each page its own string, its lines and their records views of it, as RestSource makes them.
      const body = page(p, 250);
      size += body.length;
      const lines: LogLine[] = [];
      for (let at = 0; at < body.length;) {
        const nl = body.indexOf('\n', at);
        const line = body.slice(at, nl);
        lines.push({ index: index++, record: parseRecordLine(line) });
        at = nl + 1;
      }
      log.addLines(lines);
    }
    log.finish();
    assert.ok(log.problems.problems.length >= 20 * 20 * 2, `${log.problems.problems.length} problems`);
    assert.ok(log.actions.all.length >= 20 * 20, `${log.actions.all.length} actions`);
    const held = heapAfterGc() - before;
    // The lines once (size) and the records' bookkeeping; the pages a second time would be 2×.
    assert.ok(held < size * 1.4, `the log holds ${(held / size).toFixed(2)}× its ${size} characters`);
  });

  it('ownText copies what it keeps: equal text, whatever it was cut from', () => {
    const page = 'y'.repeat(1000) + 'a-name-longer-than-13' + 'z'.repeat(1000);
    const name = /a-name-\S+?13/.exec(page)![0];
    assert.strictEqual(ownText(name), 'a-name-longer-than-13');
    assert.strictEqual(ownText('short'), 'short');
    assert.strictEqual(ownText(''), '');
    assert.strictEqual(ownText('é…😀 and more than thirteen'), 'é…😀 and more than thirteen');
  });
});
