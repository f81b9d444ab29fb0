// The job-list client (GET /api/v0.2/jobs/, /system/whoami/) on real LAVA answers
// and against the simulator over real HTTP; and the per-server loading of Find Job.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ApiDetector } from '../../../../../src/core/protocols/apiDetect';
import { LavaError } from '../../../../../src/core/net/errors';
import { FinderLimits, JobFinder } from '../../../../../src/core/find/jobFinder';
import { jobListUrl, listJobs, listJobsUpTo, parseJobPage, whoami } from '../../../../../src/core/protocols/rest/jobList';
import { readServers, ServerConfig } from '../../../../../src/core/config/servers';
import { loadOutputYaml, repoRoot } from '../../../../simulator/fixtures';
import { LavaSimulator } from '../../../../simulator/server';

// Compiled to out/test/unit/: the fixtures stay in the source tree.
const FIXTURES = path.join(repoRoot(), 'test/unit/fixtures/joblist');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const fetch = globalThis.fetch.bind(globalThis);

async function rejection(promise: Promise<unknown>): Promise<LavaError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof LavaError, `not a LavaError: ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('job list: parsing real LAVA answers', () => {
  it('reads the latest jobs of a real LAVA 2023.01 (ordering=-id&limit=5)', () => {
    const page = parseJobPage(fixture('jobs-ordering-id-desc-limit5.json'));
    assert.equal(page.count, 4);
    assert.equal(page.next, null);
    assert.deepEqual(
      page.jobs.map((j) => [j.id, j.state, j.health]),
      [
        ['4', 'Finished', 'Canceled'],
        ['3', 'Finished', 'Canceled'],
        ['2', 'Finished', 'Incomplete'],
        ['1', 'Finished', 'Complete'],
      ],
    );
    const [four, three] = page.jobs;
    assert.equal(four.description, 'real-lava qemu busybox progress (complete)');
    assert.equal(four.submitter, 'admin');
    assert.equal(four.requestedDeviceType, 'qemu');
    assert.equal(four.actualDevice, 'qemu01');
    assert.equal(four.startTime, Date.parse('2026-11-29T01:49:23.315Z'));
    assert.equal(four.endTime, Date.parse('2026-11-29T01:49:49.888Z'));
    assert.equal(three.actualDevice, null, 'canceled while queued: never on a device');
  });

  it('reads a running job: start time, no end time, health Unknown', () => {
    const [job] = parseJobPage(fixture('jobs-state-Running.json')).jobs;
    assert.deepEqual([job.id, job.state, job.health, job.endTime], ['1', 'Running', 'Unknown', null]);
    assert.equal(job.startTime, Date.parse('2026-11-29T01:47:20.792Z'));
  });

  it('reads an empty list and the anonymous list', () => {
    assert.deepEqual(parseJobPage(fixture('jobs-state-Running-none.json')), { count: 0, next: null, jobs: [] });
    assert.deepEqual(
      parseJobPage(fixture('jobs-list-noauth.json')).jobs.map((j) => j.id),
      ['4', '2', '1'],
    );
  });

  it('refuses a body that is not a job list, and skips entries that are not jobs', () => {
    assert.throws(
      () => parseJobPage('<html>Please sign in</html>'),
      (err: LavaError) => err.kind === 'bad-response',
    );
    assert.throws(
      () => parseJobPage('{"status":"ok","items":[]}'),
      (err: LavaError) => err.kind === 'bad-response',
    );
    const page = parseJobPage(
      '{"count":3,"next":null,"previous":null,"results":[{"id":1,"state":"Running","health":"Unknown"},{"id":2,"state":"Lost"},7]}',
    );
    assert.deepEqual(
      page.jobs.map((j) => j.id),
      ['1'],
    );
  });

  it("reads the token's user from a real whoami answer, and none from the anonymous one", async () => {
    const answer = (name: string) => async () =>
      new Response(fixture(name), { status: 200, headers: { 'Content-Type': 'application/json' } });
    assert.equal(await whoami('https://lava.example.org', { fetch: answer('system-whoami.json'), timeoutMs: 1000 }), 'admin');
    assert.equal(await whoami('https://lava.example.org', { fetch: answer('system-whoami-noauth.json'), timeoutMs: 1000 }), undefined);
  });

  it('builds the query with LAVA filter names', () => {
    assert.equal(
      jobListUrl('https://lava.example.org', {
        stateIn: ['Running', 'Canceling'],
        submitter: 'alice',
        ordering: '-id',
        limit: 30,
        offset: 60,
      }),
      'https://lava.example.org/api/v0.2/jobs/?state__in=Running%2CCanceling&submitter__username=alice&ordering=-id&limit=30&offset=60',
    );
    assert.equal(jobListUrl('https://h/lava', {}), 'https://h/lava/api/v0.2/jobs/');
  });
});

describe('job list: against the simulator', function () {
  const sims: LavaSimulator[] = [];
  const start = async (opts: Parameters<typeof LavaSimulator.start>[0] = {}) => {
    const sim = await LavaSimulator.start(opts);
    sims.push(sim);
    return sim;
  };
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((s) => s.close()));
  });

  const records = loadOutputYaml('complete').slice(0, 5);
  const finished = { records, batchIntervalMs: 0, linesPerSecond: 0, finishDelayMs: 0 };
  const running = { ...finished, finishDelayMs: 600_000 };
  const queued = { ...finished, submittedMs: 600_000 };

  /** Jobs 1..7: 2 and 6 run, 7 waits, 3 is Incomplete, 4 is bob's, 5 is private (alice's). */
  function addJobs(sim: LavaSimulator): void {
    sim.addRestJob({ id: '1', ...finished, health: 'Complete' });
    sim.addRestJob({ id: '2', ...running, health: 'Complete', deviceType: 'bbb', device: 'bbb-01' });
    sim.addRestJob({ id: '3', ...finished, health: 'Incomplete' });
    sim.addRestJob({ id: '4', ...finished, health: 'Complete', submitter: 'bob' });
    sim.addRestJob({ id: '5', ...finished, health: 'Canceled', private: true, submitter: 'alice' });
    sim.addRestJob({ id: '6', ...running, health: 'Complete', submitter: 'bob' });
    sim.addRestJob({ id: '7', ...queued, health: 'Complete' });
  }

  it('filters on state, state__in, health and submitter, and orders by -id', async () => {
    const sim = await start({ token: 'tok', user: 'alice', superuser: false });
    addJobs(sim);
    const deps = { fetch, timeoutMs: 5000, credentials: { serverUrl: sim.url, token: 'tok' } };
    const ids = async (query: Parameters<typeof listJobs>[1]) => (await listJobs(sim.url, query, deps)).jobs.map((j) => j.id);
    assert.deepEqual(await ids({ ordering: '-id' }), ['7', '6', '5', '4', '3', '2', '1']);
    assert.deepEqual(await ids({ state: 'Running', ordering: '-id' }), ['6', '2']);
    assert.deepEqual(await ids({ stateIn: ['Submitted', 'Running'], ordering: 'id' }), ['2', '6', '7']);
    assert.deepEqual(await ids({ state: 'Finished', health: 'Incomplete' }), ['3']);
    assert.deepEqual(await ids({ submitter: 'bob', ordering: '-id' }), ['6', '4']);
    const page = await listJobs(sim.url, { state: 'Running', ordering: '-id' }, deps);
    assert.equal(page.jobs[1].actualDevice, 'bbb-01');
    assert.equal(page.jobs[1].requestedDeviceType, 'bbb');
    assert.equal(page.jobs[1].state, 'Running');
    assert.equal(page.jobs[1].health, 'Unknown');
    assert.deepEqual(sim.requests.at(-1)?.query, { state: 'Running', ordering: '-id' });
    assert.equal(sim.requests.at(-1)?.authorization, 'Token tok');
  });

  it('sees private jobs only with a token: anonymous lists are public jobs', async () => {
    const sim = await start({ token: 'tok', user: 'alice', superuser: false });
    addJobs(sim);
    const anonymous = await listJobs(sim.url, { ordering: '-id' }, { fetch, timeoutMs: 5000 });
    assert.ok(!anonymous.jobs.some((j) => j.id === '5'));
    // A token for another origin is not sent here.
    const elsewhere = await listJobs(
      sim.url,
      { ordering: '-id' },
      { fetch, timeoutMs: 5000, credentials: { serverUrl: 'https://other.example', token: 'tok' } },
    );
    assert.equal(elsewhere.count, 6);
    assert.equal(sim.requests.at(-1)?.authorization, undefined);
  });

  it('pages with limit and offset, and gathers pages up to a maximum', async () => {
    const sim = await start({ token: 'tok' });
    addJobs(sim);
    const deps = { fetch, timeoutMs: 5000, credentials: { serverUrl: sim.url, token: 'tok' } };
    const first = await listJobs(sim.url, { ordering: '-id', limit: 3 }, deps);
    assert.equal(first.count, 7);
    assert.deepEqual(
      first.jobs.map((j) => j.id),
      ['7', '6', '5'],
    );
    assert.ok(first.next?.includes('offset=3'), String(first.next));
    const last = await listJobs(sim.url, { ordering: '-id', limit: 3, offset: 6 }, deps);
    assert.deepEqual(
      last.jobs.map((j) => j.id),
      ['1'],
    );
    assert.equal(last.next, null);

    sim.requests.length = 0;
    const five = await listJobsUpTo(sim.url, { ordering: '-id', limit: 2 }, 5, deps);
    assert.deepEqual(
      five.map((j) => j.id),
      ['7', '6', '5', '4', '3'],
    );
    assert.deepEqual(
      sim.requests.map((r) => [r.query.limit, r.query.offset]),
      [
        ['2', undefined],
        ['2', '2'],
        ['2', '4'],
      ],
    );
    const all = await listJobsUpTo(sim.url, { ordering: '-id', limit: 4 }, 100, deps);
    assert.equal(all.length, 7, 'stops when there is no next page');
  });

  it("asks who the token's user is; anonymous and whoami-less servers give no name", async () => {
    const sim = await start({ token: 'tok', user: 'alice' });
    assert.equal(await whoami(sim.url, { fetch, timeoutMs: 5000, credentials: { serverUrl: sim.url, token: 'tok' } }), 'alice');
    assert.equal(await whoami(sim.url, { fetch, timeoutMs: 5000 }), undefined);
    sim.fault({ kind: 'http404' });
    assert.equal(await whoami(sim.url, { fetch, timeoutMs: 5000 }), undefined);
    const bad = await rejection(whoami(sim.url, { fetch, timeoutMs: 5000, credentials: { serverUrl: sim.url, token: 'wrong' } }));
    assert.equal(bad.kind, 'unauthorized');
  });

  it('says what went wrong: refused token, broken body, server down', async () => {
    const sim = await start({ token: 'tok' });
    addJobs(sim);
    const refused = await rejection(listJobs(sim.url, {}, { fetch, timeoutMs: 5000, credentials: { serverUrl: sim.url, token: 'nope' } }));
    assert.equal(refused.kind, 'unauthorized');
    assert.match(refused.message, /Invalid token/);
    sim.fault({ kind: 'garbage' });
    assert.equal((await rejection(listJobs(sim.url, {}, { fetch, timeoutMs: 5000 }))).kind, 'bad-response');
    sim.fault({ kind: 'http500' });
    assert.equal((await rejection(listJobs(sim.url, {}, { fetch, timeoutMs: 5000 }))).kind, 'server');
    await sim.goDown();
    assert.equal((await rejection(listJobs(sim.url, {}, { fetch, timeoutMs: 5000 }))).kind, 'network');
  });

  it('gives up on a server that does not answer after the timeout', async () => {
    const sim = await start();
    sim.fault({ kind: 'hang' });
    const t0 = Date.now();
    const err = await rejection(listJobs(sim.url, {}, { fetch, timeoutMs: 300 }));
    assert.equal(err.kind, 'timeout');
    assert.ok(Date.now() - t0 < 15_000); // generous: the hang lasts forever
  });
});

describe('Find Job loading: each server on its own', function () {
  const sims: LavaSimulator[] = [];
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((s) => s.close()));
  });
  const start = async (opts: Parameters<typeof LavaSimulator.start>[0] = {}) => {
    const sim = await LavaSimulator.start(opts);
    sims.push(sim);
    return sim;
  };
  const records = loadOutputYaml('complete').slice(0, 5);
  const finished = { records, batchIntervalMs: 0, linesPerSecond: 0, finishDelayMs: 0 };

  function finder(servers: ServerConfig[], timeoutMs: number, tokens: Record<string, string> = {}, limits?: FinderLimits) {
    const changes: number[] = [];
    const apis = new ApiDetector(fetch, timeoutMs);
    const f = new JobFinder(
      servers,
      {
        fetch,
        timeoutMs,
        resolveApi: (server, credentials, signal) => apis.resolve(server, credentials, signal),
        credentials: async (url) => (tokens[url] ? { serverUrl: url, token: tokens[url] } : undefined),
        limits,
      },
      () => changes.push(Date.now()),
    );
    return { f, changes };
  }

  async function until(cond: () => boolean, ms = 5000): Promise<void> {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('shows a fast server while a slow one is still loading, then the slow one as an error (when it goes down)', async () => {
    const fast = await start();
    fast.addRestJob({ id: '1', ...finished, health: 'Complete' });
    fast.addRestJob({ id: '2', ...finished, health: 'Complete', finishDelayMs: 600_000 });
    const slow = await start();
    slow.addRestJob({ id: '9', ...finished, health: 'Complete' });
    slow.fault({ kind: 'hang', count: 10 });
    const { f } = finder(
      [
        { name: 'slow', url: slow.url, api: 'rest' },
        { name: 'fast', url: fast.url, api: 'rest' },
      ],
      60_000, // the slow server answers when the test says (goDown below), not at a timeout
    );
    f.start();
    try {
      await until(() => !f.servers[1].loading, 30_000);
      // The fast one is shown while the slow one still hangs: it did not wait for it.
      assert.deepEqual(f.servers[1].jobs.map((j) => j.id).sort(), ['1', '2']);
      assert.equal(f.servers[0].loading, true, 'the fast server did not wait for the slow one');
      assert.equal(f.busy, true);
      await slow.goDown();
      await until(() => !f.busy, 30_000);
      assert.equal(f.servers[0].error?.kind, 'network');
      assert.deepEqual(f.servers[0].jobs, []);
      assert.equal(f.servers[1].error, undefined);
    } finally {
      f.dispose();
    }
  });

  it('shows a server that is down as an error and retries it when it is back', async () => {
    const up = await start();
    up.addRestJob({ id: '1', ...finished, health: 'Complete' });
    const down = await start();
    down.addRestJob({ id: '5', ...finished, health: 'Incomplete' });
    await down.goDown();
    const { f } = finder(
      [
        { name: 'up', url: up.url, api: 'auto' },
        { name: 'down', url: down.url, api: 'auto' },
      ],
      3000,
    );
    f.start();
    try {
      await until(() => !f.busy);
      assert.equal(f.servers[1].error?.kind, 'network');
      assert.deepEqual(
        f.servers[0].jobs.map((j) => j.id),
        ['1'],
      );
      assert.equal(f.servers[0].api, 'rest');
      await down.goUp();
      f.retry(down.url);
      assert.equal(f.servers[1].error, undefined);
      await until(() => !f.busy);
      assert.equal(f.servers[1].error, undefined);
      assert.deepEqual(
        f.servers[1].jobs.map((j) => j.id),
        ['5'],
      );
    } finally {
      f.dispose();
    }
  });

  it("knows the token's user and loads that user's jobs beyond the recent ones", async () => {
    const sim = await start({ token: 'tok', user: 'alice', superuser: false });
    sim.addRestJob({ id: '1', ...finished, health: 'Complete', submitter: 'alice' });
    for (let i = 2; i <= 6; i++) sim.addRestJob({ id: String(i), ...finished, health: 'Complete', submitter: 'bob' });
    const { f } = finder([{ name: 'lava', url: sim.url, api: 'rest' }], 3000, { [sim.url]: 'tok' }, { running: 50, recent: 3, mine: 30 });
    f.start();
    try {
      await until(() => !f.busy);
      assert.equal(f.servers[0].user, 'alice');
      assert.deepEqual(f.servers[0].jobs.map((j) => j.id).sort(), ['4', '5', '6']);
      f.loadMine();
      await until(() => !f.busy);
      assert.deepEqual(f.servers[0].jobs.map((j) => j.id).sort(), ['1', '4', '5', '6']);
      const mine = sim.requests.filter((r) => r.query.submitter__username === 'alice');
      assert.equal(mine.length, 1);
    } finally {
      f.dispose();
    }
  });

  it('reads the configured username of a server from lava.servers', () => {
    assert.deepEqual(
      readServers([
        { name: 'a', url: 'https://a.org', username: ' carol ' },
        { name: 'b', url: 'https://b.org', username: '' },
      ]).map((s) => s.username),
      ['carol', undefined],
    );
  });

  it('falls back to the configured username without a token, and leaves log-tail servers alone', async () => {
    const sim = await start();
    sim.addRestJob({ id: '1', ...finished, health: 'Complete' });
    const { f } = finder(
      [
        { name: 'lava', url: sim.url, api: 'rest', username: 'carol' },
        { name: 'old', url: 'http://127.0.0.1:9', api: 'log-tail' },
      ],
      3000,
    );
    f.start();
    try {
      await until(() => !f.busy);
      assert.equal(f.servers[0].user, 'carol');
      assert.equal(f.servers[1].api, 'log-tail');
      assert.equal(f.servers[1].error, undefined);
      assert.ok(!sim.requests.some((r) => r.path.includes('log-tail')));
    } finally {
      f.dispose();
    }
  });

  it('reports nothing more once disposed', async () => {
    const sim = await start();
    sim.fault({ kind: 'hang', count: 10 });
    const { f, changes } = finder([{ name: 'lava', url: sim.url, api: 'rest' }], 5000);
    f.start();
    await until(() => sim.requests.length >= 2);
    f.dispose();
    const seen = changes.length;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(changes.length, seen);
  });
});
