// The shipped snippets: each one, at its defaults and placed in a whole job, passes the offline
// check (LAVA's schema as we ship it); the whole-job snippet is recognised as a job definition.
// The same jobs are checked by the real LAVA's validate in test/real/snippets.real.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkDefinition } from '../../../../src/core/jobSchema/checkDefinition';
import { looksLikeJobText } from '../../../../src/core/submit/definitionText';
import { repoRoot } from '../../../simulator/fixtures';
import { expand, snippetJobs, snippets } from './snippetJobs';

describe('snippets for job definitions', () => {
  it('are contributed for YAML and shipped in the package', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.snippets, [{ language: 'yaml', path: './snippets/lava-job.code-snippets' }]);
    assert.match(fs.readFileSync(path.join(repoRoot(), '.vscodeignore'), 'utf8'), /^!snippets\/\*\*$/m);
  });

  it('cover the usual shapes: QEMU job, tftp + u-boot, test definitions from git and inline, MultiNode', () => {
    const bodies = Object.values(snippets()).map((s) => expand(s.body));
    assert.ok(bodies.some((b) => b.startsWith('job_name:') && b.includes('method: qemu')));
    assert.ok(bodies.some((b) => b.includes('to: tftp') && b.includes('method: u-boot') && b.includes('- test:')));
    assert.ok(bodies.some((b) => b.includes('from: git')));
    assert.ok(bodies.some((b) => b.includes('from: inline')));
    assert.ok(bodies.some((b) => b.includes('lava-multinode:') && b.includes('roles:')));
    for (const b of bodies) assert.ok(!/\$\{|\$\d/.test(b), `a placeholder left: ${b}`);
  });

  for (const [name, job] of Object.entries(snippetJobs())) {
    it(`${name}: no offline problem at its defaults`, () => {
      assert.deepEqual(
        checkDefinition(job).map((p) => `${p.code}: ${p.message}`),
        [],
      );
      assert.ok(looksLikeJobText(job));
    });
  }

  it('the offline check does find a mistake in them (the check can fail)', () => {
    const job = Object.values(snippetJobs())[0].replace('to: tmpfs', 'to: tmpfz');
    assert.ok(checkDefinition(job).some((p) => p.code === 'not-allowed'));
  });
});
