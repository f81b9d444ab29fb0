import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatRecord } from '../../../src/core/log/format';
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

  it('colours each formatted fixture line by its level, with and without time', () => {
    for (const run of ['complete', 'incomplete', 'canceled']) {
      const { records } = parseRecords(fs.readFileSync(path.join(ROOT, 'test/simulator/data', run, 'output.yaml'), 'utf8'));
      for (const rec of records) {
        for (const showTime of [true, false]) {
          for (const line of formatRecord(rec, { showTime }).slice(0, -1).split('\n')) {
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
    const result = new RegExp(grammar.repository.result.patterns![0].match!).exec(`01:49:31 RESULT lava/job: fail — Canceled: x${M}`);
    assert.ok(result);
    assert.deepEqual([result[5], result[8], result[10]], ['fail', 'Canceled: x', M]);
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
    const result = grammar.repository.result.patterns![0];
    const m = new RegExp(result.match!).exec('01:49:31 RESULT lava/job: fail — Canceled: The job was canceled');
    assert.ok(m);
    assert.deepStrictEqual([m[1], m[2], m[3], m[5], m[8]], ['01:49:31', 'RESULT', 'lava/job', 'fail', 'Canceled: The job was canceled']);
  });
});
