/**
 * The token goes to its server only (issue #10, "Credentials"): follows (REST and log-tail, API
 * detection included), the job list, whoami and test results run against a configured server that
 * redirects to another host (localhost vs 127.0.0.1, same port), another port, or out of its base
 * path; every request's Authorization is recorded where it lands.  The token must be sent only to
 * URLs under the configured base URL, and no LavaError, notice, channel text or notification text
 * may contain it — even when a server echoes it back (DRF detail, an HTML page, a Location).
 * XML-RPC (/RPC2, the job state) takes HTTP Basic `user:token` only: it gets the token inside
 * Basic when the server's `username` is configured, and is asked without any Authorization
 * otherwise; a Basic header elsewhere is decoded and checked like any other.
 *
 * A workspace cannot change where the token goes: every lava.* setting is application scope
 * (test/unit/core/config/manifest.test.ts checks package.json); tokens live in SecretStorage
 * (src/vscode/tokenStore.ts), never in a setting.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { ChannelText } from '../../../src/core/follow/channelText';
import { LogData } from '../../../src/core/follow/logSource';
import { RecordText } from '../../../src/core/follow/recordText';
import { systemClock } from '../../../src/core/util/clock';
import { FollowEnd, FollowNotice, JobFollower } from '../../../src/core/follow/follower';
import { LavaError } from '../../../src/core/net/errors';
import { Credentials } from '../../../src/core/net/http';
import { ApiDetector } from '../../../src/core/protocols/apiDetect';
import { createLogSource } from '../../../src/core/protocols/createLogSource';
import { listJobsUpTo, whoami } from '../../../src/core/protocols/rest/jobList';
import { fetchTestCases } from '../../../src/core/protocols/rest/testResults';
import { finishMessage, followErrorText, noticeText } from '../../../src/core/text/messages';
import { plainNotification } from '../../../src/core/untrusted/plainForSurface';
import { loadOutputYaml } from '../../simulator/fixtures';
import { LavaSimulator } from '../../simulator/server';
import { fastFollow } from '../helpers';

const TOKEN = 'tOkEn-9b7e1c55d2a04f3e8c6b';

/** Whether an Authorization header carries the token: as it is, or inside HTTP Basic's base64. */
function carriesToken(authorization: string | undefined): boolean {
  if (!authorization) return false;
  if (authorization.includes(TOKEN)) return true;
  const basic = /^Basic\s+(\S+)/i.exec(authorization);
  return basic !== null && Buffer.from(basic[1], 'base64').toString('utf8').includes(TOKEN);
}

interface Seen {
  url: string;
  authorization?: string;
}

/** A configured server that redirects (or answers) as `route` says, recording each request. */
class Front {
  readonly seen: Seen[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  url = '';
  port = 0;
  route: (url: string) => { status: number; headers?: Record<string, string>; body?: string } = () => ({ status: 404 });

  constructor() {
    this.server = http.createServer((req, res) => {
      req.resume();
      this.seen.push({ url: req.url ?? '/', authorization: req.headers.authorization });
      const a = this.route(req.url ?? '/');
      res.writeHead(a.status, { 'Content-Type': 'application/json', ...a.headers });
      res.end(a.body ?? '');
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
  }
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('credentials: the token goes to its server only, and into no message', function () {
  this.timeout(60_000);
  let home: LavaSimulator;
  let other: LavaSimulator;
  let front: Front;
  /** Every text a user could see: error messages, notices, channel text, notification texts. */
  let texts: string[];

  const records = loadOutputYaml('complete').slice(0, 60);
  const finished = { records, health: 'Complete' as const, batchIntervalMs: 0, linesPerSecond: 100000, finishDelayMs: 0 };

  beforeEach(async () => {
    texts = [];
    home = await LavaSimulator.start({ port: 0, token: 'the-other-servers-token' });
    other = await LavaSimulator.start({ port: 0 });
    for (const sim of [home, other]) {
      sim.addRestJob({ id: '1', ...finished });
      sim.addLogTailJob({ id: '2', log: Buffer.from('log-tail line\n'), intervalMs: 0 });
    }
    front = new Front();
    await front.start();
  });
  afterEach(async () => {
    await Promise.all([home.close(), other.close(), front.close()]);
  });

  function keep(err: unknown): void {
    if (err instanceof LavaError) texts.push(err.message, plainNotification(followErrorText(err, 'LAVA job 1', 'front')));
    else throw err;
  }

  async function follow(serverUrl: string, jobId: string, api: 'auto' | 'rest' | 'log-tail', username?: string): Promise<FollowEnd> {
    let channel = '';
    const text = new ChannelText((t) => (channel += t));
    const credentials: Credentials = { serverUrl, token: TOKEN };
    const source = createLogSource({ name: 'front', url: serverUrl, api, username }, jobId, {
      fetch,
      timeoutMs: 5000,
      credentials,
      apis: new ApiDetector(fetch, 5000),
      clock: systemClock,
    });
    const records = new RecordText(jobId, { time: 'utc' });
    const sink = {
      data: (d: LogData) => (d.kind === 'text' ? text.append(d.text) : records.take(d.lines, (t) => text.append(t))),
      notice: (n: FollowNotice) => {
        texts.push(noticeText(n));
        text.notice(noticeText(n));
      },
    };
    const follower = new JobFollower(source, sink, systemClock, { ...fastFollow, badAnswerRetries: 1 });
    const stop = setTimeout(() => follower.stop(), 10_000);
    const end = await follower.run();
    clearTimeout(stop);
    texts.push(channel);
    if (end.kind === 'failed') keep(end.error);
    if (end.kind === 'finished') texts.push(plainNotification(finishMessage('LAVA job', end.outcome).text));
    return end;
  }

  /** Everything the REST and log-tail code asks a server, against `serverUrl`. */
  async function everything(serverUrl: string, username?: string): Promise<FollowEnd[]> {
    const credentials: Credentials = { serverUrl, token: TOKEN };
    const deps = { fetch, timeoutMs: 5000, credentials };
    const ends = [
      await follow(serverUrl, '1', 'auto', username),
      await follow(serverUrl, '1', 'rest', username),
      await follow(serverUrl, '2', 'log-tail', username),
    ];
    await listJobsUpTo(serverUrl, {}, 5, deps).catch(keep);
    await whoami(serverUrl, deps).catch(keep);
    await fetchTestCases(serverUrl, '1', deps).catch(keep);
    return ends;
  }

  /**
   * Under the server: `Token <token>` on every request but /RPC2, which gets Basic `user:token`
   * with a username and no Authorization at all without one. Anywhere else: no trace of the token.
   */
  function assertTokenOnlyAtFront(prefix = front.url, username?: string): void {
    for (const sim of [home, other]) {
      for (const r of sim.requests) assert.ok(!carriesToken(r.authorization), `the token went to ${sim.url}${r.path}`);
    }
    const basic = username ? `Basic ${Buffer.from(`${username}:${TOKEN}`).toString('base64')}` : undefined;
    for (const s of front.seen) {
      const full = `${front.url}${s.url}`;
      const under = full.startsWith(prefix + '/');
      if (under && full === `${prefix}/RPC2`) assert.equal(s.authorization, basic, `/RPC2 (username ${username ?? 'none'})`);
      else if (under) assert.equal(s.authorization, `Token ${TOKEN}`, `no token on ${s.url}`);
      else assert.ok(!carriesToken(s.authorization), `the token went to ${front.url}${s.url}, outside ${prefix}`);
    }
    assert.ok(
      front.seen.some((s) => `${front.url}${s.url}` === `${prefix}/RPC2`),
      'the job state was never asked over XML-RPC',
    );
    for (const t of texts) assert.ok(!t.includes(TOKEN), `a text contains the token: ${t}`);
    assert.ok(texts.length > 5);
  }

  it('redirected to another host (localhost instead of 127.0.0.1, same port): not sent there', async () => {
    const port = Number(new URL(home.url).port);
    front.route = (url) => ({ status: 302, headers: { Location: `http://localhost:${port}${url}` } });
    const ends = await everything(front.url);
    // Public jobs are served anonymously by LAVA: the REST follows work without the token, log-tail needs it.
    assert.deepEqual(
      ends.map((e) => (e.kind === 'failed' ? `failed ${e.error.kind}` : e.kind)),
      ['finished', 'finished', 'failed unauthorized'],
    );
    assert.ok(home.requests.length > 5);
    assertTokenOnlyAtFront();
  });

  it("with the server's username, /RPC2 gets the token as Basic user:token, and a redirect to another host does not", async () => {
    const port = Number(new URL(home.url).port);
    front.route = (url) => ({ status: 302, headers: { Location: `http://localhost:${port}${url}` } });
    const ends = await everything(front.url, 'alice');
    assert.deepEqual(
      ends.map((e) => (e.kind === 'failed' ? `failed ${e.error.kind}` : e.kind)),
      ['finished', 'finished', 'failed unauthorized'],
    );
    // A POST is never followed to another origin (issue 19): /RPC2 is asked at the front only, REST says the state.
    assert.ok(!home.requests.some((r) => r.path === '/RPC2'));
    assertTokenOnlyAtFront(front.url, 'alice');
  });

  it('redirected to another port (307, relative and absolute): not sent there', async () => {
    front.route = (url) => ({ status: 307, headers: { Location: `${other.url}${url}` } });
    const ends = await everything(front.url);
    assert.deepEqual(
      ends.map((e) => e.kind),
      ['finished', 'finished', 'finished'],
    );
    assert.ok(other.requests.length > 5);
    assertTokenOnlyAtFront();
  });

  it('redirected out of the base path on the same origin: not sent outside the base path', async () => {
    const base = `${front.url}/lava`;
    front.route = (url) =>
      url.startsWith('/lava/')
        ? { status: 301, headers: { Location: `/elsewhere${url.slice('/lava'.length)}` } }
        : { status: 302, headers: { Location: `${other.url}${url.slice('/elsewhere'.length)}` } };
    const ends = await everything(base);
    assert.deepEqual(
      ends.map((e) => e.kind),
      ['finished', 'finished', 'finished'],
    );
    assert.ok(front.seen.some((s) => s.url.startsWith('/elsewhere/')));
    assertTokenOnlyAtFront(base);
  });

  it('a server that echoes the token (DRF detail, JSON, HTML, Location) gets it into no message', async () => {
    const job3 = { id: 3, state: 'Finished', health: 'Complete', description: '', submitter: 'x' };
    type Reply = { status: number; headers?: Record<string, string>; body?: string };
    front.route = (url): Reply => {
      const auth = front.seen[front.seen.length - 1]?.authorization ?? '';
      const json = (status: number, v: unknown): Reply => ({ status, body: JSON.stringify(v) });
      if (url.startsWith('/api/v0.2/system/')) return json(401, { detail: `Invalid token: ${auth}` });
      if (url.includes('/tests/')) return json(403, { detail: `${auth} is not allowed` });
      if (url.includes('/log-tail')) return json(404, { detail: `No job for ${auth}` });
      if (url.startsWith('/api/v0.2/jobs/?'))
        return { status: 200, headers: { 'Content-Type': 'text/html' }, body: `<html>${auth}</html>` };
      if (url.startsWith('/api/v0.2/jobs/1/')) return json(200, { hello: auth });
      if (url.startsWith('/api/v0.2/jobs/3/logs/')) return json(200, { detail: auth });
      if (url.startsWith('/api/v0.2/jobs/3/')) return json(200, job3);
      if (url.startsWith('/api/v0.2/jobs/4/')) return json(404, { detail: `Not found for ${auth}` });
      if (url.startsWith('/api/v0.2/jobs/5/'))
        return { status: 302, headers: { Location: `${other.url}/x/?t=${encodeURIComponent(auth)}` } };
      if (url.startsWith('/api/v0.2/jobs/6/')) return json(500, { detail: auth });
      return json(200, { echo: auth, jobs: `${front.url}/api/v0.2/jobs/` });
    };
    await everything(front.url);
    for (const id of ['3', '4', '5']) await follow(front.url, id, 'rest');
    assert.ok(
      texts.some((t) => t.includes('[token]')),
      JSON.stringify(texts),
    );
    assertTokenOnlyAtFront();
  });
});
