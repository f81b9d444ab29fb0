import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { httpGet, httpOpen, requestDeadlineMs } from '../../../../src/core/net/http';
import { loadOutputYaml } from '../../../simulator/fixtures';
import { LavaSimulator } from '../../../simulator/server';
import { VirtualClock } from '../../helpers';

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

/** A server whose answer's body arrives a byte at a time, each byte when the test says (`drip`). */
class DripServer {
  private readonly server: http.Server;
  private res?: http.ServerResponse;
  private waiting?: () => void;
  url = '';
  constructor() {
    this.server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      this.res = res;
      this.waiting?.();
    });
  }
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async drip(): Promise<void> {
    if (!this.res) await new Promise<void>((resolve) => (this.waiting = resolve));
    this.res!.write(' ');
  }
  async close(): Promise<void> {
    this.res?.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('httpOpen: every request has an overall deadline (virtual clock)', () => {
  let drip: DripServer;
  beforeEach(async () => {
    drip = new DripServer();
    await drip.start();
  });
  afterEach(() => drip.close());

  it('ends a body that drips a byte every 0.8 s, at the deadline its size cap gives', async () => {
    const clock = new VirtualClock();
    const opts = { fetch, timeoutMs: 2000, clock, maxBodyBytes: 64 * 1024 };
    const deadline = requestDeadlineMs(opts);
    assert.equal(deadline, 61_000); // the 60 s floor + 64 kB at 64 kB/s
    const res = await httpOpen(`${drip.url}/x`, opts);
    const it = res.chunks()[Symbol.asyncIterator]();
    let bytes = 0;
    let error: (Error & { kind?: string }) | undefined;
    for (let i = 0; i < 500 && !error; i++) {
      clock.advance(800); // less than the 2 s silence timeout: never "silent"
      await drip.drip();
      try {
        const step = await it.next();
        if (step.done) break;
        bytes += step.value.byteLength;
      } catch (err) {
        error = err as Error;
      }
    }
    assert.ok(error, `still reading after ${bytes} bytes (${clock.now() / 1000} s of virtual time)`);
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /took more than 61 s to answer/);
    assert.equal(bytes, Math.floor(deadline / 800));
  });

  it('ends a wait for the next piece at the deadline when that comes before the silence timeout', async () => {
    const clock = new VirtualClock();
    const opts = { fetch, timeoutMs: 2000, clock, maxBodyBytes: 1024 };
    const res = await httpOpen(`${drip.url}/x`, opts);
    const it = res.chunks()[Symbol.asyncIterator]();
    for (let t = 0; t + 1900 < requestDeadlineMs(opts); t += 1900) {
      clock.advance(1900);
      await drip.drip();
      await it.next();
    }
    const next = it.next();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(clock.pending, 1);
    const left = requestDeadlineMs(opts) - clock.now();
    assert.ok(left < 1900);
    clock.advance(left); // the deadline is less than the 2 s silence timeout away: the wait ends there
    await assert.rejects(next, (e: Error & { kind: string }) => e.kind === 'timeout' && /took more than/.test(e.message));
  });

  it('lets an honest slow answer finish: 100 MB at 1 Mbit/s (800 s) under the 64 MB deadline (1084 s)', async function () {
    this.timeout(60_000);
    const total = 100 * 1024 * 1024;
    const piece = Buffer.alloc(1024 * 1024, 0x61);
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': total });
      let sent = 0;
      const more = () => {
        while (sent < total) {
          sent += piece.length;
          if (!res.write(piece)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const clock = new VirtualClock();
      const res = await httpOpen(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { fetch, timeoutMs: 30_000, clock });
      let received = 0;
      for await (const chunk of res.chunks()) {
        received += chunk.byteLength;
        clock.advance((chunk.byteLength * 1000) / (128 * 1024)); // 128 kB/s
      }
      assert.equal(received, total);
      assert.ok(clock.now() > 790_000 && clock.now() < requestDeadlineMs({ timeoutMs: 30_000 }));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('httpGet: redirects of a POST, and from https to http', () => {
  let home: http.Server;
  let other: http.Server;
  let homeUrl = '';
  let otherUrl = '';
  const seen: { where: string; method: string; body: string }[] = [];
  let route: (url: string) => { status: number; location?: string } = () => ({ status: 201 });

  const listen = async (name: string, server: http.Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  before(async () => {
    home = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ where: 'home', method: req.method ?? '', body });
        const r = route(req.url ?? '/');
        res.writeHead(r.status, { 'Content-Type': 'application/json', ...(r.location ? { Location: r.location } : {}) });
        res.end(r.status < 300 ? '{"job_ids": [7]}' : '');
      });
    });
    other = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ where: 'other', method: req.method ?? '', body });
        res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"job_ids": [666]}');
      });
    });
    homeUrl = await listen('home', home);
    otherUrl = await listen('other', other);
  });
  after(async () => {
    await new Promise((resolve) => home.close(resolve));
    await new Promise((resolve) => other.close(resolve));
  });
  beforeEach(() => (seen.length = 0));

  const post = (url: string) =>
    httpGet(url, {
      fetch,
      timeoutMs: 5000,
      method: 'POST',
      body: '{"definition": "secrets: {a: b}"}',
      credentials: { serverUrl: homeUrl, token: 'secret' },
    });

  for (const status of [307, 308, 301, 302, 303]) {
    it(`does not follow a ${status} of a POST to another origin, and says why`, async () => {
      route = () => ({ status, location: `${otherUrl}/api/v0.2/jobs/` });
      await assert.rejects(post(`${homeUrl}/api/v0.2/jobs/`), (e: Error & { kind: string }) => {
        assert.equal(e.kind, 'http');
        assert.match(e.message, /redirected a POST to another server \(http:\/\/127\.0\.0\.1:\d+\): not followed/);
        return true;
      });
      assert.deepEqual(
        seen.map((s) => s.where),
        ['home'],
      );
    });
  }

  it('follows a 307 of a POST on the same origin (the definition sent again, to its server)', async () => {
    route = (url) => (url === '/api/v0.2/jobs' ? { status: 307, location: '/api/v0.2/jobs/' } : { status: 201 });
    const res = await post(`${homeUrl}/api/v0.2/jobs`);
    assert.equal(res.status, 201);
    assert.deepEqual(
      seen.map((s) => `${s.where} ${s.method} ${s.body.length > 0}`),
      ['home POST true', 'home POST true'],
    );
  });

  it('does not follow https → http with a token (GET or POST), and says why', async () => {
    // https://127.0.0.1:<home port> is served by the loopback server as if TLS were in between.
    const tls = `https://127.0.0.1:${new URL(homeUrl).port}`;
    const viaTls: typeof fetch = (input, init) => fetch(String(input).replace(tls, homeUrl), init);
    route = (url) => (url.startsWith('/down') ? { status: 302, location: `${homeUrl}/api/v0.2/jobs/1/` } : { status: 200 });
    const get = (token?: string) =>
      httpGet(`${tls}/down`, { fetch: viaTls, timeoutMs: 5000, credentials: token ? { serverUrl: tls, token } : undefined });
    await assert.rejects(get('secret'), (e: Error & { kind: string }) => e.kind === 'http' && /from https to http/.test(e.message));
    assert.equal(seen.length, 1);
    // Without a token, a public GET may still be read over http.
    assert.equal((await get()).status, 200);
  });
});
