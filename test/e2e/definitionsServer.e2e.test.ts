/**
 * Issue 23's CI re-check of the job definitions corpus against a REAL LAVA 2023.01 (no browser, no
 * VS Code): asks `scheduler.jobs.validate(definition, strict=True)` again for a fixed sample of the
 * corpus (every third file, in order: ≥ 100; `DEFINITIONS_ALL=1` asks about every file — about a minute
 * on a busy 2-core machine) and fails when an answer differs from test/fixtures/definitions/verdicts.json,
 * which the unit differential test trusts. Pending without a real LAVA, an error with REQUIRE_REAL_LAVA=1
 * and none (test/real/realLava.ts).
 */
import * as assert from 'assert';
import { RealLava, requireRealLava } from '../real/realLava';
import { askServerAll, listCorpus, readStoredVerdicts, ServerVerdict } from '../tools/definitionsCorpus';

const SAMPLE_EVERY = 3;
const MIN_SAMPLE = 100;

/** What must not change: the verdict, where LAVA puts the problem, its message. */
function key(v: ServerVerdict): string {
  return JSON.stringify([v.valid, v.fault ?? false, v.path ?? '', v.message]);
}

describe('job definitions corpus: the stored answers are LAVA 2023.01 validate answers (real LAVA)', function () {
  this.timeout(5 * 60_000);
  let lava: RealLava;

  before(function () {
    lava = requireRealLava(this)!;
  });

  it('the real server answers as stored for the corpus sample', async () => {
    const all = listCorpus();
    const items = process.env.DEFINITIONS_ALL === '1' ? all : all.filter((_, i) => i % SAMPLE_EVERY === 0);
    assert.ok(items.length >= MIN_SAMPLE, `only ${items.length} definitions in the sample`);
    const stored = readStoredVerdicts().verdicts;
    const auth = lava.user ? { user: lava.user, token: lava.token } : undefined;
    const answers = await askServerAll(lava.proxyUrl ?? lava.url, items, auth);
    const differ = items
      .map((file, i) => ({ file, now: answers[i], then: stored[file] }))
      .filter((d) => !d.then || key(d.now) !== key(d.then))
      .map((d) => `${d.file}: stored ${d.then ? key(d.then) : 'nothing'}, server now ${key(d.now)}`);
    assert.deepStrictEqual(differ, [], `${differ.length} of ${items.length} answers differ from verdicts.json`);
  });
});
