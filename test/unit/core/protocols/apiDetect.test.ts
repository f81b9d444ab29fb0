import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { LavaError } from '../../../../src/core/net/errors';
import { ApiDetector } from '../../../../src/core/protocols/apiDetect';
import { LavaSimulator } from '../../../simulator/server';
import { gate } from '../../helpers';

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

describe('ApiDetector: what it remembers, and what it says', () => {
  let sim: LavaSimulator;
  let other: http.Server | undefined;
  beforeEach(async () => {
    sim = await LavaSimulator.start({ port: 0, token: 'tok' });
  });
  afterEach(async () => {
    await sim.close();
    await new Promise((resolve) => (other ? other.close(resolve) : resolve(undefined)));
    other = undefined;
  });

  const credentials = () => ({ serverUrl: sim.url, token: 'tok' });
  const rootAsks = () => sim.requests.filter((r) => r.path === '/api/v0.2/').length;

  /** A server answering every request with `status` and `body` (a proxy without LAVA behind). */
  async function proxy(status: number, body: string, type = 'text/plain'): Promise<string> {
    other = http.createServer((_req, res) => res.writeHead(status, { 'Content-Type': type }).end(body));
    await new Promise<void>((resolve) => other!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  }

  it('takes a server whose REST root is 404 as log-tail when the job answers log-tail, and remembers it', async () => {
    sim.addLogTailJob({ id: '5', log: Buffer.from('hello\n'), chunk: { min: 1, max: 3 }, intervalMs: 5, seed: 1 });
    const apis = new ApiDetector(fetch, () => 5000);
    const server = { name: 'sim', url: sim.url, api: 'auto' as const };
    sim.fault({ kind: 'http404' });
    assert.equal(await apis.resolve(server, credentials(), undefined, '5'), 'log-tail');
    assert.equal(await apis.resolve(server, credentials(), undefined, '6'), 'log-tail');
    assert.equal(rootAsks(), 1);
    assert.equal(sim.requests.filter((r) => r.path.endsWith('/log-tail')).length, 1);
  });

  it('says that a mistyped URL does not look like a LAVA server instead of "job not found"', async () => {
    const apis = new ApiDetector(fetch, () => 5000);
    const server = { name: 'sim', url: `${sim.url}/typo`, api: 'auto' as const };
    await assert.rejects(apis.resolve(server, credentials(), undefined, '5'), (e: LavaError) => {
      assert.equal(e.kind, 'bad-response');
      assert.equal(
        e.message,
        `${sim.url}/typo does not look like a LAVA server: neither the REST API (/api/v0.2/) nor the log-tail endpoint answered. Is the URL right?`,
      );
      return true;
    });
    // Not remembered: the right server is found the next time.
    assert.equal(await apis.resolve({ ...server, url: sim.url }, credentials(), undefined, '5'), 'rest');
  });

  for (const kind of ['http429', 'http503', 'html-200', 'drop'] as const) {
    it(`does not remember a ${kind} answer of the REST root: asks again, and finds REST`, async () => {
      const apis = new ApiDetector(fetch, () => 5000);
      const server = { name: 'sim', url: sim.url, api: 'auto' as const };
      sim.fault({ kind });
      await assert.rejects(apis.resolve(server, credentials(), undefined, '1'), (e: LavaError) => {
        assert.equal(e.kind, { http429: 'rate-limited', http503: 'server', 'html-200': 'bad-response', drop: 'network' }[kind]);
        if (kind === 'html-200') assert.match(e.message, /answered an HTML page/);
        return true;
      });
      assert.equal(await apis.resolve(server, credentials(), undefined, '1'), 'rest');
    });
  }

  for (const status of [405, 406]) {
    it(`does not take a proxy's ${status} for log-tail, nor remember it`, async () => {
      const url = await proxy(status, 'Method Not Allowed');
      const apis = new ApiDetector(fetch, () => 5000);
      const server = { name: 'proxy', url, api: 'auto' as const };
      for (let i = 0; i < 2; i++) {
        await assert.rejects(apis.resolve(server, undefined, undefined, '1'), (e: LavaError) => e.kind === 'http' && e.status === status);
      }
    });
  }

  it('gives up at the configured request timeout, read when it asks', async () => {
    let timeoutMs = 200;
    const apis = new ApiDetector(fetch, () => timeoutMs);
    const server = { name: 'sim', url: sim.url, api: 'auto' as const };
    sim.fault({ kind: 'hang' });
    const t0 = Date.now();
    await assert.rejects(apis.resolve(server, credentials(), undefined, '1'), (e: LavaError) => e.kind === 'timeout');
    assert.ok(Date.now() - t0 < 15_000, `${Date.now() - t0} ms`); // generous: the hang lasts forever, the 5 s timeout 25 times 200 ms
    timeoutMs = 5000;
    assert.equal(await apis.resolve(server, credentials(), undefined, '1'), 'rest');
  });

  it('lets each caller stop waiting at once without ending the question for the others', async () => {
    // Every answer is held until the test opens the gate (an event, not a delay).
    const held = gate();
    const slow: typeof fetch = async (input, init) => {
      await held.promise;
      return fetch(input, init);
    };
    const apis = new ApiDetector(slow, () => 5000);
    const server = { name: 'sim', url: sim.url, api: 'auto' as const };
    const a = new AbortController();
    const first = apis.resolve(server, credentials(), a.signal, '1');
    const second = apis.resolve(server, credentials(), undefined, '2');
    await new Promise((resolve) => setTimeout(resolve, 20));
    a.abort();
    await assert.rejects(first, (e: LavaError) => e.kind === 'aborted');
    assert.equal(held.opened(), false, 'the caller that stopped waited for the answer');
    held.open();
    assert.equal(await second, 'rest');
    assert.equal(rootAsks(), 1);
  });
});
