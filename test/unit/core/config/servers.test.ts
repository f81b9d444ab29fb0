import assert from 'node:assert/strict';
import { normalizeServerUrl, readServers, serverForUrl } from '../../../../src/core/config/servers';

describe('servers', () => {
  it("normalizes a base URL and strips lavacli's /RPC2", () => {
    assert.deepEqual(normalizeServerUrl('https://lava.example.org/'), { ok: true, url: 'https://lava.example.org' });
    assert.deepEqual(normalizeServerUrl('https://lava.example.org/RPC2'), { ok: true, url: 'https://lava.example.org' });
    assert.deepEqual(normalizeServerUrl('http://h:8000/lava/'), { ok: true, url: 'http://h:8000/lava' });
  });

  it('refuses non-http URLs and credentials in the URL', () => {
    assert.equal(normalizeServerUrl('lava.example.org').ok, false);
    assert.equal(normalizeServerUrl('ftp://h').ok, false);
    assert.equal(normalizeServerUrl('https://user:tok@h').ok, false);
  });

  it('reads the setting, naming unnamed servers by host and dropping unusable entries', () => {
    const servers = readServers([
      { url: 'https://a.org' },
      { name: 'b', url: 'http://b:8000/', api: 'rest' },
      { name: 'x' },
      'junk',
      { url: 'nope' },
    ]);
    assert.deepEqual(servers, [
      { name: 'a.org', url: 'https://a.org', api: 'auto' },
      { name: 'b', url: 'http://b:8000', api: 'rest' },
    ]);
    assert.deepEqual(readServers(undefined), []);
  });

  it('finds the server of a pasted URL by origin and longest path prefix', () => {
    const servers = readServers([
      { name: 'root', url: 'https://h' },
      { name: 'lava', url: 'https://h/lava' },
      { name: 'other', url: 'https://o' },
    ]);
    assert.equal(serverForUrl(servers, 'https://h/lava')?.name, 'lava');
    assert.equal(serverForUrl(servers, 'https://h')?.name, 'root');
    assert.equal(serverForUrl(servers, 'https://h/lavax')?.name, 'root');
    assert.equal(serverForUrl(servers, 'http://h'), undefined);
  });
});
