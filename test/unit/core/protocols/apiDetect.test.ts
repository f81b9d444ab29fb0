import assert from 'node:assert/strict';
import { ApiDetector } from '../../../../src/core/protocols/apiDetect';
import { LavaSimulator } from '../../../simulator/server';

describe('ApiDetector', () => {
  it('asks /api/v0.2/ once per server: REST where it answers, log-tail where it is 404', async () => {
    const rest = await LavaSimulator.start({ port: 0 });
    let asked = 0;
    const countingFetch: typeof fetch = (input, init) => {
      asked++;
      return fetch(input, init);
    };
    const apis = new ApiDetector(countingFetch, 5000);
    const server = { name: 'sim', url: rest.url, api: 'auto' as const };
    try {
      assert.equal(await apis.resolve(server), 'rest');
      assert.equal(await apis.resolve(server), 'rest');
      assert.equal(asked, 1);
      assert.equal(await apis.resolve({ ...server, api: 'log-tail' }), 'log-tail');
      rest.fault({ kind: 'http404' });
      assert.equal(await new ApiDetector(fetch, 5000).resolve(server), 'log-tail');
    } finally {
      await rest.close();
    }
  });

  it('asks again after a failure instead of remembering it', async () => {
    const sim = await LavaSimulator.start({ port: 0 });
    const apis = new ApiDetector(fetch, 5000);
    const server = { name: 'sim', url: sim.url, api: 'auto' as const };
    try {
      sim.fault({ kind: 'http502' });
      await assert.rejects(apis.resolve(server), (e: Error & { kind?: string }) => e.kind === 'server');
      assert.equal(await apis.resolve(server), 'rest');
    } finally {
      await sim.close();
    }
  });
});
