import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatRecord, FormatOptions } from '../../../src/core/log/format';
import { TIME_MODES } from '../../../src/core/log/recordTime';
import { parseRecords } from '../../../src/core/log/records';
import { repoRoot } from '../../simulator/fixtures';

// The grammar's regexes are plain enough for JavaScript's engine, so the
// first-match-wins order of the top-level patterns can be replayed here to
// check that format.ts and the grammar agree on every fixture line.
const ROOT = repoRoot();

interface Rule {
  match?: string;
  name?: string;
  patterns?: Rule[];
  include?: string;
  captures?: Record<string, { name?: string }>;
}
interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, 'syntaxes/lava-log.tmLanguage.json'), 'utf8')) as Grammar;

/** Name of the repository entry whose rule matches the line first. */
function ruleFor(line: string): string | undefined {
  for (const p of grammar.patterns) {
    const key = (p.include ?? '').replace(/^#/, '');
    const rule = grammar.repository[key];
    const matches = rule.patterns ? rule.patterns.map((r) => r.match ?? '') : [rule.match ?? ''];
    if (matches.some((m) => new RegExp(m).test(line))) return key;
  }
  return undefined;
}

/** The first result pattern with an outcome that matches the line, and the scope of each capture. */
function resultMatch(line: string): { m: RegExpExecArray; scope: (group: number) => string | undefined } | undefined {
  for (const rule of grammar.repository.result.patterns!) {
    if (!rule.captures?.['10']) continue; // 'any other result' has no outcome
    const m = new RegExp(rule.match!).exec(line);
    if (m) return { m, scope: (group) => rule.captures?.[String(group)]?.name };
  }
  return undefined;
}

/** The default (no time given), and every time mode (elapsed from the job's first record, and from a later one). */
const TIME_OPTIONS = (): FormatOptions[] => [
  {},
  ...TIME_MODES.map((time) => ({ time })),
  { time: 'elapsed', startMs: Date.UTC(2030, 0, 1) },
];

const EXPECTED_RULE: Record<string, string[]> = {
  error: ['error'],
  exception: ['error'],
  warning: ['warning'],
  results: ['result'],
  input: ['input'],
  target: ['target'],
  feedback: ['feedback'],
  unparsed: ['unparsed'],
  info: ['action', 'plain'],
  debug: ['action', 'plain'],
};

describe('lava grammar', () => {
  it('is source.lava-log and every pattern compiles', () => {
    assert.strictEqual(grammar.scopeName, 'source.lava-log');
    for (const p of grammar.patterns) assert.ok(grammar.repository[(p.include ?? '').replace(/^#/, '')], p.include);
  });

  it('colours each formatted fixture line by its level, in every time mode', () => {
    for (const run of ['complete', 'incomplete', 'canceled']) {
      const { records } = parseRecords(fs.readFileSync(path.join(ROOT, 'test/simulator/data', run, 'output.yaml'), 'utf8'));
      for (const rec of records) {
        for (const opts of TIME_OPTIONS()) {
          for (const line of formatRecord(rec, opts).slice(0, -1).split('\n')) {
            const rule = ruleFor(line);
            assert.ok(rule && EXPECTED_RULE[rec.lvl].includes(rule), `${rec.lvl} -> ${rule}: ${line}`);
          }
        }
      }
    }
  });

  it('colours the mark that ends a log line a notice interrupted, and leaves the rest of the line as it was', () => {
    const M = '\u2691';
    const target = new RegExp(grammar.repository.target.match!).exec(`01:47:24 | U-Boot> ${M}`);
    assert.ok(target);
    assert.deepEqual([target[2], target[4], target[5]], ['|', 'U-Boot> ', M]);
    const result = resultMatch(`01:49:31 RESULT lava/job: fail — Canceled: x${M}`);
    assert.ok(result);
    assert.deepEqual([result.m[5], result.m[8], result.m[10]], ['fail', 'Canceled: x', M]);
    for (const rule of grammar.repository.result.patterns!)
      assert.strictEqual(rule.captures?.[rule.captures['10'] ? '10' : '5']?.name, 'comment.line.notice.break.lava-log');
    const action = new RegExp(grammar.repository.action.match!).exec(`start: 1.2 boot ${M}`);
    assert.deepEqual([action?.[2], action?.[3]], ['start: 1.2 boot ', M]);
    // A log-tail line (no prefix): the top-level break rule finds the mark at its end.
    assert.strictEqual(ruleFor(`=> ${M}`), 'plain');
    assert.ok(new RegExp(grammar.repository.break.match!).test(`=> ${M}`));
    for (const key of ['error', 'warning', 'input', 'target', 'feedback', 'unparsed', 'other-level', 'action', 'break']) {
      const rule = grammar.repository[key] as Rule & { captures?: Record<string, { name: string }> };
      const names = [rule.name, ...Object.values(rule.captures ?? {}).map((c) => c.name)];
      assert.ok(names.includes('comment.line.notice.break.lava-log'), key);
    }
  });

  it('colours notices, unknown levels, and results by outcome', () => {
    assert.strictEqual(ruleFor('\u2691 [LAVA Follow] Job 2 finished: Incomplete'), 'notice');
    // The log cannot write the mark (ChannelText shows it as <U+2691>): its imitations are log lines.
    assert.strictEqual(ruleFor('[LAVA Follow] Reconnected.'), 'plain');
    assert.strictEqual(ruleFor('<U+2691> [LAVA Follow] Reconnected.'), 'plain');
    assert.strictEqual(ruleFor('01:47:24 <shiny> new'), 'other-level');
    assert.strictEqual(ruleFor('--:--:-- [unparsed] x'), 'unparsed');
    // Elapsed times (+MM:SS, +H:MM:SS, -MM:SS before the first record, +--:-- unreadable) are times too.
    for (const time of ['+00:00', '+59:59', '+1:00:00', '+12:34:56', '-00:03', '+--:--']) {
      const m = new RegExp(grammar.repository.error.match!).exec(`${time} ERROR boom`);
      assert.deepStrictEqual([m?.[1], m?.[2]], [time, 'ERROR'], time);
      assert.strictEqual(new RegExp(grammar.repository.action.match!).exec(`${time} start: 1.2 boot`)?.[1], time);
    }
    const r = resultMatch('01:49:31 RESULT lava/job: fail — Canceled: The job was canceled');
    assert.ok(r);
    const m = r.m;
    assert.deepStrictEqual([m[1], m[2], m[3], m[5], m[8]], ['01:49:31', 'RESULT', 'lava/job', 'fail', 'Canceled: The job was canceled']);
  });

  it('gives each outcome its own colour: pass green, fail red, skip yellow, unknown grey (standard scopes)', () => {
    const expected: Record<string, string> = {
      pass: 'markup.inserted.result.pass.lava-log',
      fail: 'markup.deleted.result.fail.lava-log',
      skip: 'markup.changed.result.skip.lava-log',
      unknown: 'comment.result.unknown.lava-log',
    };
    for (const [word, scope] of Object.entries(expected)) {
      for (const line of [
        `05:24:00 RESULT 0_smoke/uname: ${word}`,
        `RESULT 0_smoke/uname: ${word} (3.5 seconds)`,
        `+01:02 RESULT a/b: ${word}`,
        `+1:01:02 RESULT a/b: ${word}`,
      ]) {
        const r = resultMatch(line);
        assert.ok(r, line);
        assert.strictEqual(r.m[5], word, line);
        // RESULT, the case and the result word take the outcome's colour; nothing else does.
        assert.deepStrictEqual([r.scope(2), r.scope(3), r.scope(5)], [scope, scope, scope], line);
        assert.strictEqual(ruleFor(line), 'result', line);
      }
    }
    // A pass is never coloured like a failure (what it was: every result line red in some themes).
    assert.notStrictEqual(resultMatch('RESULT a/b: pass')!.scope(5), resultMatch('RESULT a/b: fail')!.scope(5));
    // The first result word decides, whatever the case name or the error text hold.
    assert.strictEqual(resultMatch('RESULT a/b: pass — x: fail')!.m[5], 'pass');
    assert.strictEqual(resultMatch('RESULT a/b: fail — x: pass')!.m[5], 'fail');
    assert.strictEqual(resultMatch('RESULT a/b:passing: skip')!.m[5], 'skip');
    // Anything else is still a result line, without an outcome colour.
    assert.strictEqual(resultMatch('RESULT a/b: weird'), undefined);
    assert.strictEqual(ruleFor('RESULT a/b: weird'), 'result');
  });

  it('colours the result word of each fixture result line by its outcome, in every time mode', () => {
    let seen = 0;
    for (const run of ['complete', 'incomplete', 'canceled']) {
      const { records } = parseRecords(fs.readFileSync(path.join(ROOT, 'test/simulator/data', run, 'output.yaml'), 'utf8'));
      for (const rec of records) {
        if (rec.lvl !== 'results' || typeof rec.msg !== 'object' || rec.msg === null) continue;
        const outcome = String((rec.msg as Record<string, unknown>).result);
        for (const opts of TIME_OPTIONS()) {
          const line = formatRecord(rec, opts).slice(0, -1);
          const r = resultMatch(line);
          assert.ok(r, line);
          assert.strictEqual(r.m[5], outcome, line);
          assert.ok(r.scope(5)!.endsWith(`.${outcome}.lava-log`), line);
          seen++;
        }
      }
    }
    assert.ok(seen > 10);
  });
});
