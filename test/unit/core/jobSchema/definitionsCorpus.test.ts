// The job definitions corpus stays what its script writes: the mutations are seeded, so writing them
// again gives the committed files byte for byte (and the stored server answers stay theirs).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../../simulator/fixtures';
import { corpusDir } from '../../../tools/definitionsCorpus';

describe('job definitions corpus (test/fixtures/definitions)', function () {
  this.timeout(60_000);

  it('scripts/definitions-corpus.mjs writes exactly the committed mutations (deterministic)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lava-corpus-'));
    try {
      execFileSync(process.execPath, [path.join(repoRoot(), 'scripts', 'definitions-corpus.mjs'), '--out', out], {
        stdio: 'pipe',
      });
      const committedDir = path.join(corpusDir(), 'mutations');
      const written = fs.readdirSync(out).sort();
      assert.deepEqual(written, fs.readdirSync(committedDir).sort());
      const differ = written.filter(
        (f) => fs.readFileSync(path.join(out, f), 'utf8') !== fs.readFileSync(path.join(committedDir, f), 'utf8'),
      );
      assert.deepEqual(differ, []);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('stays small: under 2 MB in all, no definition over 64 kB', () => {
    let total = 0;
    const big: string[] = [];
    const walk = (d: string): void => {
      for (const name of fs.readdirSync(d)) {
        const p = path.join(d, name);
        const st = fs.statSync(p);
        if (st.isDirectory()) walk(p);
        else {
          total += st.size;
          if (name.endsWith('.yaml') && st.size > 64 * 1024) big.push(name);
        }
      }
    };
    walk(corpusDir());
    assert.ok(total < 2 * 1024 * 1024, `${total} bytes`);
    assert.deepEqual(big, []);
  });
});
