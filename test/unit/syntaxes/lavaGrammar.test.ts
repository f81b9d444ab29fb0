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

  it('colours notices, unknown levels, and results by outcome', () => {
    assert.strictEqual(ruleFor('[LAVA Follow] Job 2 finished: Incomplete'), 'notice');
    assert.strictEqual(ruleFor('01:47:24 <shiny> new'), 'other-level');
    assert.strictEqual(ruleFor('--:--:-- [unparsed] x'), 'unparsed');
    const result = grammar.repository.result.patterns![0];
    const m = new RegExp(result.match!).exec('01:49:31 RESULT lava/job: fail — Canceled: The job was canceled');
    assert.ok(m);
    assert.deepStrictEqual([m[1], m[2], m[3], m[5], m[8]], ['01:49:31', 'RESULT', 'lava/job', 'fail', 'Canceled: The job was canceled']);
  });
});
