// The job's state over XML-RPC (scheduler.job_state / job_health on /RPC2), against the simulator
// over real HTTP: who gets the token and in which form, and what makes the caller fall back to REST.
import * as assert from 'node:assert/strict';
import { LavaError } from '../../../../../src/core/net/errors';
import { rpcJobField, RpcStateOptions } from '../../../../../src/core/protocols/rest/jobState';
import { loadOutputYaml } from '../../../../simulator/fixtures';
import { LavaSimulator } from '../../../../simulator/server';

const fetch = globalThis.fetch.bind(globalThis);
const TOKEN = 'state-token-7f3a';
/** The jobs run on the simulator's real clock: the tests are about who is asked what, not about when a job ends. */
const STATES = ['Submitted', 'Scheduling', 'Scheduled', 'Running', 'Canceling', 'Finished'];
const HEALTHS = ['Unknown', 'Complete', 'Incomplete', 'Canceled'];
const basic = (user: string) => `Basic ${Buffer.from(`${user}:${TOKEN}`).toString('base64')}`;

describe('job state over XML-RPC (rest/jobState)', function () {
  this.timeout(20_000);
  let sim: LavaSimulator;
  let other: LavaSimulator;
  const finished = { records: loadOutputYaml('complete').slice(0, 20), batchIntervalMs: 0, linesPerSecond: 100000, finishDelayMs: 0 };

  beforeEach(async () => {
    sim = await LavaSimulator.start({ port: 0, token: TOKEN });
    other = await LavaSimulator.start({ port: 0, token: 'the-other-token' });
    for (const s of [sim, other]) {
      s.addRestJob({ id: '1', health: 'Complete', ...finished });
      s.addRestJob({ id: '2', health: 'Incomplete', private: true, ...finished });
    }
  });
  afterEach(async () => {
    await Promise.all([sim.close(), other.close()]);
  });

  function opts(jobId: string, extra: Partial<RpcStateOptions> = {}): RpcStateOptions {
    return { fetch, serverUrl: sim.url, jobId, timeoutMs: 5000, credentials: { serverUrl: sim.url, token: TOKEN }, ...extra };
  }
  const signal = () => new AbortController().signal;

  it("reads a public job's state and health anonymously when no username is set: the token is not sent", async () => {
    assert.ok(STATES.includes((await rpcJobField('state', opts('1'), signal())) ?? 'none'));
    assert.ok(HEALTHS.includes((await rpcJobField('health', opts('1'), signal())) ?? 'none'));
    const rpc = sim.requests.filter((r) => r.path === '/RPC2');
    assert.equal(rpc.length, 2);
    for (const r of rpc) assert.equal(r.authorization, undefined);
  });

  it('gives nothing (the caller reads REST) for a private job asked anonymously: LAVA answers fault 403', async () => {
    assert.equal(await rpcJobField('state', opts('2'), signal()), undefined);
  });

  it("sends Basic user:token with the server's username, and reads a private job", async () => {
    assert.ok(HEALTHS.includes((await rpcJobField('health', opts('2', { username: 'admin' }), signal())) ?? 'none'));
    const rpc = sim.requests.filter((r) => r.path === '/RPC2');
    assert.deepEqual(
      rpc.map((r) => r.authorization),
      [basic('admin')],
    );
  });

  it('gives nothing for a token /RPC2 refuses (HTTP 401) and for a job that is not there (fault 404)', async () => {
    assert.equal(await rpcJobField('state', opts('2', { username: 'someone-else' }), signal()), undefined);
    assert.equal(await rpcJobField('state', opts('999', { username: 'admin' }), signal()), undefined);
  });

  it('never sends the call (or the Basic token) to another server when /RPC2 redirects there: no XML-RPC state', async () => {
    const redirecting: typeof fetch = (input, init) =>
      String(input).startsWith(sim.url)
        ? Promise.resolve(new Response(null, { status: 307, headers: { Location: `${other.url}/RPC2` } }))
        : fetch(input, init);
    const state = await rpcJobField('state', opts('1', { fetch: redirecting, username: 'admin' }), signal());
    assert.equal(state, undefined); // the caller reads the REST job instead
    assert.equal(other.requests.filter((r) => r.path === '/RPC2').length, 0);
  });

  it('throws transient failures (5xx, network) for the follower to retry, instead of falling back', async () => {
    const failing: typeof fetch = () =>
      Promise.resolve(new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }));
    await assert.rejects(rpcJobField('state', opts('1', { fetch: failing }), signal()), (err: unknown) => {
      assert.ok(err instanceof LavaError && err.transient, String(err));
      return true;
    });
  });

  it('gives nothing for an answer that is not XML-RPC (a login page) or a state LAVA does not have', async () => {
    const page: typeof fetch = () =>
      Promise.resolve(new Response('<html><body>Sign in</body></html>', { status: 200, headers: { 'Content-Type': 'text/html' } }));
    assert.equal(await rpcJobField('state', opts('1', { fetch: page }), signal()), undefined);
    const odd: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const text = (await res.text()).replace(
        /<name>job_state<\/name>\s*<value><string>\w+/,
        '<name>job_state</name><value><string>Paused',
      );
      return new Response(text, { status: res.status, headers: res.headers });
    };
    assert.equal(await rpcJobField('state', opts('1', { fetch: odd }), signal()), undefined);
  });
});
