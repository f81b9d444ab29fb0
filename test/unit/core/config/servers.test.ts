import assert from 'node:assert/strict';
import { parseJobRef } from '../../../../src/core/config/jobRef';
import { eventsSetting, normalizeServerUrl, readServers, resolveServer, serverForUrl } from '../../../../src/core/config/servers';

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

  it('reads the events setting: auto (the default, not written), off, or a WebSocket URL; anything else is off', () => {
    const servers = readServers([
      { url: 'https://a.org', events: 'auto' },
      { url: 'https://b.org', events: 'off' },
      { url: 'https://c.org', events: 'wss://c.org/events/ws/' },
      { url: 'https://d.org', events: 'https://d.org:8001/ws/' },
      { url: 'https://e.org', events: 'ftp://e.org/ws/' },
      { url: 'https://f.org', events: 42 },
    ]);
    assert.deepEqual(
      servers.map((s) => s.events),
      [undefined, 'off', 'wss://c.org/events/ws/', 'wss://d.org:8001/ws/', 'off', 'off'],
    );
    assert.equal(eventsSetting(undefined), 'auto');
    assert.equal(eventsSetting('http://h:8001/ws/'), 'ws://h:8001/ws/');
    assert.equal(eventsSetting('wss://user:pw@h/ws/'), 'off', 'no credentials in the URL');
    assert.equal(eventsSetting('wss://h/ws/ x'), 'off');
    assert.equal(eventsSetting('wss://h/ws/\u200b'), 'off');
    assert.equal(eventsSetting('not a url'), 'off');
    assert.equal(eventsSetting('x'.repeat(5000)), 'off');
  });

  it('finds the server of a pasted URL only by its exact base URL: a job of https://h/staging is not one of https://h', () => {
    const servers = readServers([
      { name: 'root', url: 'https://h' },
      { name: 'lava', url: 'https://h/lava' },
      { name: 'other', url: 'https://o' },
    ]);
    assert.equal(serverForUrl(servers, 'https://h/lava')?.name, 'lava');
    assert.equal(serverForUrl(servers, 'https://h/lava/')?.name, 'lava');
    assert.equal(serverForUrl(servers, 'https://H:443')?.name, 'root');
    assert.equal(serverForUrl(servers, 'https://h/lavax'), undefined);
    assert.equal(serverForUrl(servers, 'https://h/lava/staging'), undefined);
    assert.equal(serverForUrl(servers, 'http://h'), undefined);
    assert.equal(serverForUrl(servers, 'not a url'), undefined);

    // Only https://h configured: a job pasted from the staging instance on the same host is not the root's.
    const onlyRoot = readServers([{ name: 'root', url: 'https://h' }]);
    const ref = parseJobRef('https://h/staging/scheduler/job/42');
    assert.ok(ref.ok && ref.ref.serverUrl === 'https://h/staging');
    assert.deepEqual(resolveServer(onlyRoot, ref.ref.serverUrl), {
      server: { name: 'h/staging', url: 'https://h/staging', api: 'auto' },
      configured: false,
    });
    assert.deepEqual(resolveServer(onlyRoot, 'https://h/'), { server: onlyRoot[0], configured: true });
  });

  it('keeps two instances on one origin apart', () => {
    const servers = readServers([
      { name: 'a', url: 'https://h/a/' },
      { name: 'b', url: 'https://h/b' },
    ]);
    assert.deepEqual(
      servers.map((s) => s.url),
      ['https://h/a', 'https://h/b'],
    );
    const a = parseJobRef('https://h/a/scheduler/job/1');
    const b = parseJobRef('https://h/b/api/v0.2/jobs/1/');
    assert.ok(a.ok && b.ok && a.ref.serverUrl && b.ref.serverUrl);
    assert.equal(serverForUrl(servers, a.ref.serverUrl)?.name, 'a');
    assert.equal(serverForUrl(servers, b.ref.serverUrl)?.name, 'b');
    assert.equal(serverForUrl(servers, 'https://h'), undefined);
  });

  it('drops a query and fragment with a note, and refuses a job URL as a server URL', () => {
    assert.deepEqual(normalizeServerUrl('https://h/lava/?x=1#y'), {
      ok: true,
      url: 'https://h/lava',
      note: "A query (?…) or fragment (#…) is not part of a server's URL: using https://h/lava",
    });
    assert.deepEqual(normalizeServerUrl('https://h/lava/scheduler/job/3'), {
      ok: false,
      message: "This is the URL of a job: the server's URL is https://h/lava",
    });
  });
});
