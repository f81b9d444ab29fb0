// The server's names for completion (device types, tags, hostnames): read through the REST client,
// paged, cached per server for 5 minutes on the injectable clock, a failure remembered a minute.
import * as assert from 'node:assert/strict';
import { CACHE_MS, FAILED_CACHE_MS, restNames, ServerValues } from '../../../../src/core/jobSchema/completionServerValues';
import { NamesServer, TOKEN } from './namesServer';

describe('completion: the server names, cached', () => {
  let server: NamesServer;
  let now = 0;
  const clock = { now: () => now };
  beforeEach(async () => {
    server = await new NamesServer().start();
    now = 1_000_000;
  });
  afterEach(() => server.stop());

  const deps = (token?: string) => async (serverUrl: string) => ({
    fetch: globalThis.fetch.bind(globalThis),
    timeoutMs: 5000,
    credentials: token ? { serverUrl, token } : undefined,
  });

  it('reads every page of device types, hostnames but retired ones, tags with the token', async () => {
    const values = new ServerValues(restNames(deps(TOKEN)), clock);
    assert.deepEqual(await values.get(server.url, 'device-type'), ['qemu', '[evil](command:x)', 'x86']);
    assert.equal(server.count('/api/v0.2/devicetypes/'), 2);
    assert.deepEqual(await values.get(server.url, 'device-hostname'), ['qemu01']);
    assert.deepEqual(await values.get(server.url, 'device-tag'), ['usb', 'hdmi']);
  });

  it('asks once per 5 minutes, however often completion asks; readers during a read share it', async () => {
    const values = new ServerValues(restNames(deps()), clock);
    assert.equal(values.peek(server.url, 'device-type'), undefined); // starts the read
    const [a, b] = await Promise.all([values.get(server.url, 'device-type'), values.get(server.url, 'device-type')]);
    assert.deepEqual(a, b);
    for (let i = 0; i < 50; i++) assert.ok(values.peek(server.url, 'device-type'));
    assert.equal(server.count('/api/v0.2/devicetypes/'), 2, 'one read (two pages)');
    now += CACHE_MS - 1;
    assert.ok(values.peek(server.url, 'device-type'));
    now += 2;
    assert.equal(values.peek(server.url, 'device-type'), undefined);
    await values.get(server.url, 'device-type');
    assert.equal(server.count('/api/v0.2/devicetypes/'), 4);
  });

  it('a refused or unreachable server gives no names, no error, and is not asked again for a minute', async () => {
    const values = new ServerValues(restNames(deps()), clock);
    assert.deepEqual(await values.get(server.url, 'device-tag'), []); // 401 without a token
    assert.deepEqual(values.peek(server.url, 'device-tag'), []);
    assert.equal(server.count('/api/v0.2/tags/'), 1);
    now += FAILED_CACHE_MS + 1;
    await values.get(server.url, 'device-tag');
    assert.equal(server.count('/api/v0.2/tags/'), 2);
    const url = server.url;
    await server.stop();
    assert.deepEqual(await values.get(url, 'device-type'), []);
  });
});
