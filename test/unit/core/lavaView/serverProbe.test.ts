// What Add Server… and Test Connection read: the version (open from 2023.04; behind the login on 2023.01
// with REQUIRE_LOGIN), over real HTTP against the simulator, and master_config as LAVA 2023.01 answers it.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { probeEvents, probeVersion } from '../../../../src/core/lavaView/serverProbe';
import { LavaSimulator } from '../../../simulator/server';

const fetch = globalThis.fetch.bind(globalThis);

describe('LAVA view: server probes (Add Server…, Test Connection)', () => {
  it('reads the version without a token, and says "login" when 2023.01 sends the login page instead', async () => {
    const open = await LavaSimulator.start();
    const login = await LavaSimulator.start({ requireLogin: true, token: 'tok0123456789abcdef' });
    const later = await LavaSimulator.start({ requireLogin: true, lavaVersion: '2023.04' });
    try {
      assert.deepEqual(await probeVersion(open.url, { fetch, timeoutMs: 5000 }), { kind: 'version', version: '2023.01' });
      assert.deepEqual(await probeVersion(login.url, { fetch, timeoutMs: 5000 }), { kind: 'login' });
      const credentials = { serverUrl: login.url, token: 'tok0123456789abcdef' };
      assert.deepEqual(await probeVersion(login.url, { fetch, timeoutMs: 5000, credentials }), { kind: 'version', version: '2023.01' });
      assert.deepEqual(await probeVersion(later.url, { fetch, timeoutMs: 5000 }), { kind: 'version', version: '2023.04' });
    } finally {
      await Promise.all([open.close(), login.close(), later.close()]);
    }
  });

  it("reads master_config's EVENT_NOTIFICATION and EVENT_TOPIC (LAVA 2023.01's answer), unknown when absent", async () => {
    // The answer of the real LAVA 2023.01 (GET /api/v0.2/system/master_config/).
    let body = '{"EVENT_TOPIC":"org.lavasoftware","EVENT_SOCKET":"tcp://127.0.0.1:5500","EVENT_NOTIFICATION":true,"LOG_SIZE_LIMIT":5}';
    const server = http.createServer((req, res) => {
      if (req.url !== '/api/v0.2/system/master_config/') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      assert.deepEqual(await probeEvents(url, { fetch, timeoutMs: 5000 }), { kind: 'on', topic: 'org.lavasoftware' });
      body = '{"EVENT_TOPIC":"org.lavasoftware","EVENT_NOTIFICATION":false}';
      assert.deepEqual(await probeEvents(url, { fetch, timeoutMs: 5000 }), { kind: 'off' });
      assert.deepEqual(await probeEvents(`${url}/other`, { fetch, timeoutMs: 5000 }), { kind: 'unknown' });
    } finally {
      server.close();
    }
  });
});
