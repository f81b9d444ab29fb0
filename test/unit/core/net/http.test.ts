import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { httpGet } from '../../../../src/core/net/http';
import { loadOutputYaml } from '../../../simulator/fixtures';
import { LavaSimulator } from '../../../simulator/server';

describe('httpGet: where the token goes', () => {
  let sim: LavaSimulator;
  let redirector: http.Server;
  let redirectorUrl: string;

  before(async () => {
    sim = await LavaSimulator.start({ port: 0 });
    sim.addRestJob({ id: '1', records: loadOutputYaml('complete'), health: 'Complete' });
    const simPort = new URL(sim.url).port;
    // Another origin that sends every request on to the simulator under yet another name (localhost).
    redirector = http.createServer((req, res) => {
      res.writeHead(302, { Location: `http://localhost:${simPort}${req.url}` }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
  });
  after(async () => {
    await sim.close();
    await new Promise((resolve) => redirector.close(resolve));
  });

  const get = (url: string, origin: string) =>
    httpGet(url, { fetch, timeoutMs: 5000, credentials: { serverUrl: origin, token: 'secret' } });

  it('sends the token to its origin, and keeps it on a same-origin redirect', async () => {
    const before = sim.requests.length;
    const res = await get(`${sim.url}/api/v0.2/jobs/1`, sim.url); // no slash: the server redirects (301)
    assert.equal(res.status, 200);
    const seen = sim.requests.slice(before);
    assert.deepEqual(
      seen.map((r) => r.path),
      ['/api/v0.2/jobs/1', '/api/v0.2/jobs/1/'],
    );
    assert.ok(seen.every((r) => r.authorization === 'Token secret'));
  });

  it('never sends the token to another origin, not even through a redirect', async () => {
    const before = sim.requests.length;
    const res = await get(`${redirectorUrl}/api/v0.2/jobs/1/`, redirectorUrl);
    assert.equal(res.status, 200);
    const seen = sim.requests.slice(before);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].authorization, undefined);
    const direct = await get(`http://localhost:${new URL(sim.url).port}/api/v0.2/jobs/1/`, sim.url);
    assert.equal(direct.status, 200);
    assert.equal(sim.requests[sim.requests.length - 1].authorization, undefined);
  });

  it('words each failure by kind: not found, refused, server, network', async () => {
    await assert.rejects(get(`${sim.url}/api/v0.2/jobs/999/`, sim.url), { kind: 'not-found', status: 404 });
    sim.fault({ kind: 'http403' });
    await assert.rejects(
      get(`${sim.url}/api/v0.2/jobs/1/`, sim.url),
      (e: Error & { kind: string }) => e.kind === 'unauthorized' && /Invalid token/.test(e.message),
    );
    sim.fault({ kind: 'http502' });
    await assert.rejects(get(`${sim.url}/api/v0.2/jobs/1/`, sim.url), { kind: 'server', status: 502 });
    await assert.rejects(
      get('http://127.0.0.1:9/x', 'http://127.0.0.1:9'),
      (e: Error & { kind: string }) => e.kind === 'network' && /Cannot reach/.test(e.message),
    );
  });
});
