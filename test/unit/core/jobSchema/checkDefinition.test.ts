// Offline checks of a job definition (core/jobSchema/checkDefinition.ts): each problem kind on its exact node, its fix.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchemaProblem } from '../../../../src/core/model/jobSchema';
import { checkDefinition, checkTree, closest, MAX_OPS } from '../../../../src/core/jobSchema/checkDefinition';
import { parseTree } from '../../../../src/core/jobSchema/yamlTree';
import { MAX_YAML_PROBLEMS } from '../../../../src/core/submit/definition';
import { QEMU_JOB } from './jobs';

function at(text: string, p: SchemaProblem): string {
  return text.slice(p.start, p.end);
}

function applyFix(text: string, p: SchemaProblem): string {
  assert.ok(p.fix, `a fix for ${p.message}`);
  let out = text;
  for (const e of [...p.fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function only(text: string): SchemaProblem {
  const problems = checkDefinition(text);
  assert.equal(problems.length, 1, JSON.stringify(problems.map((p) => [p.code, p.message])));
  return problems[0];
}

describe('checkDefinition (offline, LAVA 2023.01 schema)', () => {
  it('finds nothing in a valid job, nor in the real-LAVA demo jobs', () => {
    assert.deepEqual(checkDefinition(QEMU_JOB), []);
    for (const name of ['job.yaml', 'job-fail.yaml', 'job-multinode.yaml']) {
      const path = join('/work/shared/real-lava', name);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue; // not on this machine
      }
      assert.deepEqual(checkDefinition(text), [], name);
    }
  });

  it('a deploy `to:` outside its set: on the value, with "did you mean" and a fix to `tmpfs`', () => {
    const text = QEMU_JOB.replace('to: tmpfs', 'to: tmpfz');
    const p = only(text);
    assert.equal(p.code, 'not-allowed');
    assert.equal(at(text, p), 'tmpfz');
    assert.match(p.message, /did you mean `tmpfs`/);
    assert.equal(applyFix(text, p), QEMU_JOB);
  });

  it('a boot `method:` typo and a top-level value typo: each on its value, each fixed', () => {
    const text = QEMU_JOB.replace('method: qemu', 'method: qemux').replace('visibility: public', 'visibility: publik');
    const problems = checkDefinition(text);
    assert.deepEqual(
      problems.map((p) => [p.code, at(text, p)]),
      [
        ['not-allowed', 'publik'],
        ['not-allowed', 'qemux'],
      ],
    );
    assert.equal(applyFix(applyFix(text, problems[1]), problems[0]), QEMU_JOB);
  });

  it('an unknown key: on the key (a warning: strict mode), renamed by its fix', () => {
    const text = QEMU_JOB.replace('    media: tmpfs', '    medai: tmpfs');
    const p = only(text);
    assert.equal(p.code, 'unknown-key');
    assert.equal(p.severity, 'warning');
    assert.equal(at(text, p), 'medai');
    assert.equal(applyFix(text, p), QEMU_JOB);
  });

  it("strict: false (LAVA's default on submit) lets unknown keys through, except in `context`", () => {
    const text = QEMU_JOB.replace('    media: tmpfs', '    medai: tmpfs').replace('  arch: amd64', '  arch: amd64\n  archh: x');
    assert.deepEqual(
      checkDefinition(text).map((p) => [p.code, at(text, p)]),
      [
        ['unknown-key', 'archh'],
        ['unknown-key', 'medai'],
      ],
    );
    assert.deepEqual(
      checkDefinition(text, { strict: false }).map((p) => [p.code, at(text, p)]),
      [['unknown-key', 'archh']],
    );
  });

  it('keys allowed by another deploy method are unknown to this one (the variant is chosen by `to`)', () => {
    const text = QEMU_JOB.replace('    to: tmpfs\n', '    to: tmpfs\n    kernel:\n      url: https://example.invalid/k\n');
    const p = only(text);
    assert.equal(p.code, 'unknown-key');
    assert.equal(at(text, p), 'kernel');
  });

  it('a missing required key: on the key of its mapping, and the fix inserts it', () => {
    const text = QEMU_JOB.replace('    to: tmpfs\n', '');
    const p = only(text);
    assert.equal(p.code, 'missing-key');
    assert.equal(at(text, p), 'deploy');
    assert.match(p.message, /`to`/);
    const fixed = applyFix(text, p);
    assert.match(fixed, /- deploy:\n {4}to: \n {4}timeout:/);
    // A missing top-level key sits on the document's first key.
    const noName = QEMU_JOB.replace('job_name: qemu boot and test\n', '');
    const q = only(noName);
    assert.equal(q.code, 'missing-key');
    assert.equal(at(noName, q), 'device_type');
  });

  it('a wrong type: on the value', () => {
    const text = QEMU_JOB.replace("    - 'root@debian:~#'", '    - [1, 2]');
    const p = only(text);
    assert.equal(p.code, 'wrong-type');
    assert.equal(at(text, p), '[1, 2]');
  });

  it('a timeout without a unit: on the value; `5m` fixed to `{minutes: 5}`, a bare number not guessed', () => {
    const text = QEMU_JOB.replace('    timeout:\n      minutes: 2\n', '    timeout: 5m\n');
    const p = only(text);
    assert.equal(p.code, 'timeout-unit');
    assert.equal(at(text, p), '5m');
    assert.match(applyFix(text, p), /timeout: \{minutes: 5\}\n/);
    assert.deepEqual(checkDefinition(applyFix(text, p)), []);
    const bare = QEMU_JOB.replace('  action:\n    minutes: 5', '  action: 5');
    const q = only(bare);
    assert.equal(q.code, 'timeout-unit');
    assert.equal(at(bare, q), '5');
    assert.equal(q.fix, undefined);
  });

  it('a timeout unit misspelt: which units are possible, and the misspelt key with its fix', () => {
    const text = QEMU_JOB.replace('  job:\n    minutes: 10', '  job:\n    minuts: 10');
    const problems = checkDefinition(text);
    assert.deepEqual(
      problems.map((p) => [p.code, at(text, p)]),
      [
        ['missing-key', 'job'],
        ['unknown-key', 'minuts'],
      ],
    );
    assert.equal(applyFix(text, problems[1]), QEMU_JOB);
  });

  it('duplicate keys: a warning on the repeated key', () => {
    const text = QEMU_JOB.replace('priority: medium\n', 'priority: medium\npriority: low\n');
    const p = only(text);
    assert.equal(p.code, 'duplicate-key');
    assert.equal(p.severity, 'warning');
    assert.equal(p.start, text.indexOf('priority: low'));
  });

  it('an action timeout longer than the job: on that action`s timeout key (the one rule in code)', () => {
    const text = QEMU_JOB.replace('    timeout:\n      minutes: 3\n    method', '    timeout:\n      minutes: 30\n    method');
    const p = only(text);
    assert.equal(p.code, 'timeout-over-job');
    assert.equal(p.start, text.indexOf('timeout:\n      minutes: 30'));
    assert.equal(at(text, p), 'timeout');
    assert.match(p.message, /30 min.*10 min/);
  });

  it('MultiNode rules from the schema: no job-level device_type, every action needs a role', () => {
    const text = QEMU_JOB.replace(
      'context:\n  arch: amd64\n',
      'protocols:\n  lava-multinode:\n    roles:\n      server:\n        device_type: qemu\n        count: 1\n',
    );
    const problems = checkDefinition(text);
    const kinds = problems.map((p) => [p.code, at(text, p)]);
    assert.deepEqual(kinds, [
      ['not-allowed', 'device_type'],
      ['missing-key', 'deploy'],
      ['missing-key', 'boot'],
      ['missing-key', 'test'],
    ]);
    assert.ok(problems.slice(1).every((p) => /`role`/.test(p.message)));
  });

  it('a YAML syntax error is reported alone (the partial data would only add noise)', () => {
    const problems = checkDefinition(QEMU_JOB.replace('visibility: public', 'visibility: [public'));
    assert.ok(problems.length >= 1);
    assert.ok(problems.every((p) => p.code === 'yaml'));
  });

  it('a reserved value (`not` in the schema): namespace `common` on its value; namespaces on every action or none', () => {
    const text = QEMU_JOB.replace('    to: tmpfs\n', '    to: tmpfs\n    namespace: common\n');
    const problems = checkDefinition(text);
    assert.deepEqual(
      problems.map((p) => [p.code, at(text, p)]),
      [
        ['not-allowed', 'common'],
        ['missing-key', 'boot'],
        ['missing-key', 'test'],
      ],
    );
    assert.match(problems[0].message, /cannot be used/);
  });

  it('keys that exclude each other: notify `callback` and `callbacks` together', () => {
    const text =
      QEMU_JOB +
      'notify:\n  criteria:\n    status: finished\n  callback:\n    url: https://example.invalid/a\n  callbacks:\n  - url: https://example.invalid/b\n';
    const p = only(text);
    assert.equal(p.code, 'not-allowed');
    assert.equal(at(text, p), 'notify');
    assert.match(p.message, /`callback`, `callbacks` cannot be used together/);
  });

  it('a text too big to read: one warning on the first line, nothing parsed', () => {
    const text = QEMU_JOB + '# ' + 'x'.repeat(70 * 1024) + '\n';
    const p = only(text);
    assert.equal(p.code, 'too-big');
    assert.equal(p.severity, 'warning');
    assert.equal(p.start, 0);
  });

  it('untrusted text stays plain: a key like `$(alert) [x](command:…)` is quoted without codicon or link', () => {
    const evil = '$(alert) [x](command:workbench.action.quit)\u202e';
    const text = QEMU_JOB.replace('priority: medium', `"${evil}": 1`);
    const p = only(text);
    assert.equal(p.code, 'unknown-key');
    assert.ok(!/(^|[^\\])\$\(/.test(p.message), p.message); // `\$(` shows `$(` as text
    assert.ok(!p.message.includes(']('), p.message);
    assert.ok(!p.message.includes('\u202e'), p.message);
    assert.ok(p.message.length < 300);
  });

  it('is bounded: a definition of thousands of actions is walked in capped steps, problems capped', () => {
    const action = '- boot:\n    method: qemuz\n    media: tmpfs\n';
    const text = QEMU_JOB + action.repeat(600);
    const tree = parseTree(text);
    assert.equal(tree.errors.length, 0);
    const problems = checkTree(tree);
    assert.equal(problems.length, MAX_YAML_PROBLEMS);
    assert.ok(problems.every((p) => p.code === 'not-allowed'));
    assert.ok(MAX_OPS <= 400_000);
  });

  it('grows linearly: twice the actions, about twice the steps (no quadratic walk)', () => {
    const action = '- boot:\n    method: qemu\n    media: tmpfs\n    role: [a]\n';
    const steps = (n: number) => {
      const stats = { ops: 0 };
      checkTree(parseTree(QEMU_JOB + action.repeat(n)), undefined, { stats });
      return stats.ops;
    };
    const [a, b] = [steps(200), steps(400)];
    assert.ok(a > 1000, `steps: ${a}`);
    assert.ok(b / a < 2.3, `200 actions: ${a} steps, 400: ${b}`);
  });

  it('closest: edit distance with swaps, none when too far', () => {
    assert.equal(closest('tmpfz', ['tftp', 'tmpfs']), 'tmpfs');
    assert.equal(closest('utoob', ['u-boot', 'qemu']), undefined);
    assert.equal(closest('qmeu', ['qemu', 'uefi']), 'qemu');
    assert.equal(closest('x'.repeat(100), ['x']), undefined);
  });
});
