import * as assert from 'node:assert/strict';
import { KeyedDebounce } from '../../../../src/core/util/keyedDebounce';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedDebounce', () => {
  it('runs once per key after the last schedule', async () => {
    const runs: string[] = [];
    const d = new KeyedDebounce(30, async (key) => {
      runs.push(key);
    });
    d.schedule('a');
    d.schedule('a');
    d.schedule('b');
    await sleep(10);
    d.schedule('a');
    assert.ok(d.pending('a'));
    await sleep(80);
    assert.deepEqual(runs.sort(), ['a', 'b']);
    d.dispose();
  });

  it('a run in flight is no longer the latest once scheduled again, cancelled (closed) or disposed', async () => {
    const seen: boolean[] = [];
    let release!: () => void;
    const d = new KeyedDebounce(5, async (_key, isLatest) => {
      await new Promise<void>((r) => (release = r));
      seen.push(isLatest());
    });
    d.schedule('doc');
    await sleep(20);
    d.schedule('doc'); // a newer save
    release();
    await sleep(20); // the newer run starts and waits
    d.cancel('doc'); // the document closes
    release();
    await sleep(10);
    d.schedule('doc'); // reopened and saved: a fresh run, not confused with the cancelled one
    await sleep(20);
    release();
    await sleep(5);
    assert.deepEqual(seen, [false, false, true]);
    d.dispose();
  });

  it('nothing runs after dispose', async () => {
    let runs = 0;
    const d = new KeyedDebounce(10, async () => {
      runs++;
    });
    d.schedule('a');
    d.dispose();
    d.schedule('a');
    await sleep(30);
    assert.equal(runs, 0);
  });
});
