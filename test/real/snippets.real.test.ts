// The shipped snippets, at their defaults and placed in a whole job, are valid for the real LAVA
// 2023.01 (REST `POST /api/v0.2/jobs/validate/`, strict: lava_common's schemas.validate), as they
// are for our offline check (test/unit/core/jobSchema/snippets.test.ts).
import assert from 'node:assert/strict';
import { snippetJobs } from '../unit/core/jobSchema/snippetJobs';
import { RealLava, requireRealLava } from './realLava';

async function validate(lava: RealLava, definition: string): Promise<string> {
  const res = await fetch(`${lava.url}/api/v0.2/jobs/validate/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Token ${lava.token}` },
    body: JSON.stringify({ definition, strict: true }),
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { message: string }).message;
}

describe('snippets against a real LAVA 2023.01', function () {
  this.timeout(60_000);
  let lava: RealLava;
  before(function () {
    lava = requireRealLava(this)!;
  });

  for (const [name, job] of Object.entries(snippetJobs())) {
    it(`${name}: valid (strict)`, async () => {
      assert.equal(await validate(lava, job), 'Job valid.');
    });
  }

  it('a mistake in one is not (the check can fail)', async () => {
    const job = Object.values(snippetJobs())[0].replace('to: tmpfs', 'to: tmpfz');
    assert.match(await validate(lava, job), /^Job invalid/);
  });
});
