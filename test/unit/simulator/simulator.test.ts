// The LAVA simulator itself, over real HTTP: it must answer like the real
// LAVA 2023.01 captured in the fixtures (test/simulator/data/ holds the copies).
import * as assert from 'node:assert/strict';
import { loadJobTemplate, loadOutputYaml, readData } from '../../simulator/fixtures';
import { LavaSimulator } from '../../simulator/server';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function get(url: string, token?: string): Promise<{ status: number; headers: Headers; text: string; bytes: Buffer }> {
  const r = await fetch(url, { headers: token ? { Authorization: `Token ${token}` } : {}, redirect: 'manual' });
  const bytes = Buffer.from(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, text: bytes.toString('utf8'), bytes };
}

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}

describe('LAVA simulator', function () {
  let sim: LavaSimulator;
  afterEach(async () => {
    await sim?.close();
  });

  describe('REST logs', () => {
    it('follows the 404 rules and serves output.yaml slices byte for byte', async () => {
      sim = await LavaSimulator.start();
      const records = loadOutputYaml('complete');
      const job = sim.addRestJob({ id: '1', records, health: 'Complete', submittedMs: 60000 });
      const logs = (q: string) => get(`${sim.url}/api/v0.2/jobs/1/logs/${q}`);

      // Submitted: no output directory yet -> 404 for any query
      for (const q of ['', '?start=0&end=10', '?start=5']) {
        const r = await logs(q);
        assert.equal(r.status, 404, q);
        assert.equal(r.text, '{"detail":"Not found."}');
        assert.equal(r.headers.get('content-type'), 'application/json');
      }
      job.appendNow(); // everything uploaded now
      assert.equal(sim.restJob('1').appended, records.length);

      const slice = await logs('?start=10&end=15');
      assert.equal(slice.status, 200);
      assert.equal(slice.headers.get('content-type'), 'application/yaml');
      assert.equal(slice.headers.get('content-disposition'), 'attachment; filename=job_1.yaml');
      assert.equal(slice.headers.get('allow'), 'GET, HEAD, OPTIONS');
      assert.deepEqual(slice.bytes, readData('complete/logs-running-start10-end15.yaml'));

      const whole = await logs('');
      assert.deepEqual(whole.bytes, readData('complete/output.yaml'));
      assert.equal(whole.headers.get('content-length'), String(whole.bytes.length));

      const n = records.length;
      for (const q of [`?start=${n}`, `?start=${n + 1000}`, '?start=10&end=5', '?start=7&end=7']) {
        const r = await logs(q);
        assert.equal(r.status, 404, q);
        assert.equal(r.text, '{"detail":"Not found."}', q);
      }
      const clamped = await logs(`?start=${n - 2}&end=${n + 100}`);
      assert.equal(clamped.text, records.slice(n - 2).join('\n') + '\n');

      for (const q of ['?start=-5', '?start=abc']) {
        const r = await logs(q);
        assert.equal(r.status, 500, q);
        assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
        assert.match(r.text, /HTTP 500/);
      }
    });

    it('makes lines visible in batches, then stays Running before Finished', async () => {
      sim = await LavaSimulator.start();
      const records = loadOutputYaml('incomplete');
      // 40 lines/s, a batch every 200 ms: ~8 lines per batch
      const job = sim.addRestJob({
        id: '2',
        records: records.slice(0, 30),
        health: 'Incomplete',
        batchIntervalMs: 200,
        linesPerSecond: 40,
        finishDelayMs: 300,
      });
      assert.equal(job.appended, 0, 'nothing before the first batch');
      const seen = new Set<number>();
      await waitFor(() => {
        seen.add(job.appended);
        return job.appended === 30;
      });
      assert.ok(
        [...seen].every((c) => c === 0 || c === 30 || c % 8 === 0),
        `batch sizes: ${[...seen]}`,
      );
      const running = JSON.parse((await get(`${sim.url}/api/v0.2/jobs/2/`)).text);
      assert.equal(running.state, 'Running', 'complete log, still Running');
      assert.equal(running.health, 'Unknown');
      await waitFor(() => job.finished);
      const done = JSON.parse((await get(`${sim.url}/api/v0.2/jobs/2/`)).text);
      assert.equal(done.state, 'Finished');
      assert.equal(done.health, 'Incomplete');
      assert.ok(Date.parse(done.end_time) >= Date.parse(done.start_time));
    });
  });

  describe('REST jobs', () => {
    it('job JSON has the fixture keys in the fixture order; token only for superusers', async () => {
      sim = await LavaSimulator.start({ token: 'adm' });
      sim.addRestJob({
        id: '4',
        records: loadOutputYaml('canceled'),
        health: 'Canceled',
        submittedMs: 200,
        batchIntervalMs: 50,
        linesPerSecond: 2000,
        finishDelayMs: 300,
      });
      const fixtureKeys = Object.keys(loadJobTemplate('complete'));
      const submitted = JSON.parse((await get(`${sim.url}/api/v0.2/jobs/4/`, 'adm')).text);
      assert.deepEqual(Object.keys(submitted), fixtureKeys);
      assert.equal(submitted.state, 'Submitted');
      assert.equal(submitted.actual_device, null);
      assert.equal(submitted.start_time, null);
      assert.match(submitted.submit_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

      const anon = JSON.parse((await get(`${sim.url}/api/v0.2/jobs/4/`)).text);
      assert.deepEqual(
        Object.keys(anon),
        fixtureKeys.filter((k) => k !== 'token'),
      );

      const states: string[] = [];
      await waitFor(async () => {
        const j = JSON.parse((await get(`${sim.url}/api/v0.2/jobs/4/`, 'adm')).text);
        if (states[states.length - 1] !== j.state) states.push(j.state);
        return j.state === 'Finished';
      });
      assert.deepEqual(states, ['Submitted', 'Running', 'Canceling', 'Finished']);
      assert.equal(JSON.parse((await get(`${sim.url}/api/v0.2/jobs/4/`)).text).health, 'Canceled');
    });

    it('private jobs are 404 without the token; a bad token is 403 even on public jobs', async () => {
      sim = await LavaSimulator.start({ token: 'good' });
      sim.addRestJob({ id: '3', records: [], health: 'Canceled', private: true });
      sim.addRestJob({
        id: '5',
        records: loadOutputYaml('complete').slice(0, 3),
        health: 'Complete',
        batchIntervalMs: 0,
        linesPerSecond: 0,
      });
      const anon = await get(`${sim.url}/api/v0.2/jobs/3/`);
      assert.equal(anon.status, 404);
      assert.equal(anon.text, '{"detail":"Not found."}');
      assert.equal((await get(`${sim.url}/api/v0.2/jobs/3/logs/`)).status, 404);
      assert.equal((await get(`${sim.url}/api/v0.2/jobs/3/`, 'good')).status, 200);
      const bad = await get(`${sim.url}/api/v0.2/jobs/?limit=1`, 'nope');
      assert.equal(bad.status, 403);
      assert.equal(bad.text, '{"detail":"Invalid token."}');
      assert.equal(bad.headers.get('allow'), 'GET, POST, HEAD, OPTIONS');
      assert.equal((await get(`${sim.url}/api/v0.2/jobs/5/logs/?start=0&end=3`, 'nope')).status, 403);
      assert.equal((await get(`${sim.url}/api/v0.2/jobs/5/logs/?start=0&end=3`)).status, 200);
      assert.equal((await get(`${sim.url}/api/v0.2/system/whoami/`)).text, '{"user":""}');
      assert.equal((await get(`${sim.url}/api/v0.2/system/whoami/`, 'good')).text, '{"user":"admin"}');
      assert.equal((await get(`${sim.url}/api/v0.2/system/version/`)).text, '{"version":"2023.01"}');
    });

    it('without a configured token private jobs are visible, and only a Token header names the user', async () => {
      sim = await LavaSimulator.start({ user: 'alice', superuser: false });
      sim.addRestJob({ id: '3', records: [], health: 'Complete', private: true, submitter: 'bob' });
      assert.equal((await get(`${sim.url}/api/v0.2/jobs/3/`)).status, 200);
      assert.equal((await get(`${sim.url}/api/v0.2/system/whoami/`)).text, '{"user":""}');
      assert.equal((await get(`${sim.url}/api/v0.2/system/whoami/`, 'anything')).text, '{"user":"alice"}');
      assert.equal(JSON.parse((await get(`${sim.url}/api/v0.2/jobs/3/`, 'anything')).text).token, undefined, 'not a superuser');
    });

    it('job list: filters, ordering and LimitOffsetPagination links like DRF', async () => {
      sim = await LavaSimulator.start({ token: 't' });
      const records = loadOutputYaml('complete').slice(0, 5);
      const fast = { records, batchIntervalMs: 0, linesPerSecond: 0, finishDelayMs: 0 };
      sim.addRestJob({ id: '1', ...fast, health: 'Complete' });
      sim.addRestJob({ id: '2', ...fast, health: 'Incomplete', submitter: 'bob' });
      sim.addRestJob({ id: '3', ...fast, health: 'Complete', private: true });
      sim.addRestJob({ id: '4', ...fast, health: 'Complete', finishDelayMs: 60000, deviceType: 'bbb', device: 'bbb-01' });
      sim.addRestJob({ id: '5', ...fast, health: 'Complete', submittedMs: 60000 });
      const list = async (q: string, token = 't') => JSON.parse((await get(`${sim.url}/api/v0.2/jobs/${q}`, token)).text);
      const ids = (page: { results: { id: number }[] }) => page.results.map((r) => r.id);

      const all = await list('');
      assert.deepEqual(Object.keys(all), ['count', 'next', 'previous', 'results']);
      assert.equal(all.count, 5);
      assert.equal(all.next, null);
      assert.deepEqual(ids(await list('?ordering=-id&limit=5')), [5, 4, 3, 2, 1]);
      assert.deepEqual(ids(await list('?ordering=-id&limit=5', '')), [5, 4, 2, 1], 'anonymous: public jobs only');
      assert.deepEqual(ids(await list('?state=Running')), [4]);
      assert.deepEqual(ids(await list('?state__in=Submitted,Running')), [4, 5]);
      assert.deepEqual(ids(await list('?state=Finished&health=Incomplete')), [2]);
      assert.deepEqual(ids(await list('?health__in=Complete,Incomplete')), [1, 2, 3]);
      assert.deepEqual(ids(await list('?submitter__username=bob')), [2]);
      assert.deepEqual(ids(await list('?requested_device_type=bbb')), [4]);
      assert.deepEqual(ids(await list('?actual_device=bbb-01')), [4]);
      assert.deepEqual(ids(await list('?ordering=-start_time')).slice(0, 1), [5], 'NULLs first when descending');
      const empty = await get(`${sim.url}/api/v0.2/jobs/?state=Scheduled`, 't');
      assert.equal(empty.text, '{"count":0,"next":null,"previous":null,"results":[]}');

      const p1 = await list('?ordering=-id&limit=2');
      assert.deepEqual(ids(p1), [5, 4]);
      assert.equal(p1.next, `${sim.url}/api/v0.2/jobs/?limit=2&offset=2&ordering=-id`);
      assert.equal(p1.previous, null);
      const p2 = await list('?ordering=-id&limit=2&offset=2');
      assert.equal(p2.previous, `${sim.url}/api/v0.2/jobs/?limit=2&ordering=-id`);
      const p3 = await list('?state__in=Finished,Running&offset=3&limit=1');
      assert.equal(p3.previous, `${sim.url}/api/v0.2/jobs/?limit=1&offset=2&state__in=Finished%2CRunning`);
      assert.equal(p3.next, null);
    });

    it('tests/ grows with the visible results lines, like the fixture', async () => {
      sim = await LavaSimulator.start();
      const records = loadOutputYaml('complete');
      const job = sim.addRestJob({ id: '1', records, health: 'Complete', submittedMs: 60000 });
      const tests = async () => JSON.parse((await get(`${sim.url}/api/v0.2/jobs/1/tests/`)).text);
      assert.equal((await get(`${sim.url}/api/v0.2/jobs/1/tests/`)).text, '{"count":0,"next":null,"previous":null,"results":[]}');
      job.appendNow(429); // the first batch of the real run
      const running = await tests();
      assert.deepEqual(
        running.results.map((r: { name: string }) => r.name),
        ['validate', 'file-download', 'file-download', 'execute-qemu'],
      );
      job.appendNow();
      const fixture = JSON.parse(
        readData('complete/tests-running.json')
          .toString('utf8')
          .replace(/http:\/\/127\.0\.0\.1:8000/g, sim.url),
      );
      const all = await tests();
      assert.equal(all.count, 13);
      const strip = (r: Record<string, unknown>) => ({
        ...r,
        logged: undefined,
        metadata: String(r.metadata).replace(/\/\d{4}\/\d\d\/\d\d\//, '/'),
      });
      assert.deepEqual(all.results.slice(0, 4).map(strip), fixture.results.map(strip));
      assert.deepEqual(Object.keys(all.results[0]), Object.keys(fixture.results[0]));
    });
  });

  describe('REST details', () => {
    it('derives the same test cases and ids as real LAVA (complete then incomplete job)', async () => {
      sim = await LavaSimulator.start();
      const now = { submittedMs: 60000 };
      sim.addRestJob({ id: '1', records: loadOutputYaml('complete'), health: 'Complete', ...now }).appendNow();
      sim.addRestJob({ id: '2', records: loadOutputYaml('incomplete'), health: 'Incomplete', ...now }).appendNow();
      const got = JSON.parse((await get(`${sim.url}/api/v0.2/jobs/2/tests/`)).text);
      const want = JSON.parse(
        readData('incomplete/tests.json')
          .toString('utf8')
          .replace(/http:\/\/127\.0\.0\.1:8000/g, sim.url),
      );
      const norm = (r: Record<string, unknown>) => ({
        ...r,
        logged: undefined,
        metadata: String(r.metadata).replace(/\/\d{4}\/\d\d\/\d\d\//, '/'),
      });
      assert.deepEqual(got.results.map(norm), want.results.map(norm));
      const suites = JSON.parse((await get(`${sim.url}/api/v0.2/jobs/2/suites/`)).text);
      assert.deepEqual(
        suites.results.map((x: { id: number; name: string }) => [x.id, x.name]),
        [
          [3, 'lava'],
          [4, '0_progress-demo'],
        ],
      );
    });

    it('answers 406 to Accept: application/yaml, like DRF', async () => {
      sim = await LavaSimulator.start();
      sim.addRestJob({ id: '1', records: loadOutputYaml('complete'), health: 'Complete', submittedMs: 60000 }).appendNow();
      const url = `${sim.url}/api/v0.2/jobs/1/logs/?start=0&end=2`;
      const r = await fetch(url, { headers: { Accept: 'application/yaml' } });
      assert.equal(r.status, 406);
      assert.equal(await r.text(), '{"detail":"Could not satisfy the request Accept header."}');
      assert.equal((await fetch(url, { headers: { Accept: 'application/json' } })).status, 200);
      assert.equal((await fetch(url, { headers: { Accept: '*/*' } })).status, 200);
    });

    it('cancel: a queued job ends at once without a log; a running one goes through Canceling', async () => {
      sim = await LavaSimulator.start({ token: 't' });
      const records = loadOutputYaml('complete');
      sim.addRestJob({ id: '1', records, health: 'Complete', submittedMs: 60000 });
      sim.addRestJob({ id: '2', records, health: 'Complete', batchIntervalMs: 0, linesPerSecond: 2000, finishDelayMs: 200 });
      const job = async (id: string) => JSON.parse((await get(`${sim.url}/api/v0.2/jobs/${id}/`, 't')).text);
      assert.equal((await get(`${sim.url}/api/v0.2/jobs/1/cancel/`)).status, 403, 'anonymous');
      const c = await get(`${sim.url}/api/v0.2/jobs/1/cancel/`, 't');
      assert.equal(c.text, '{"message":"Job cancel signal sent."}');
      const q = await job('1');
      assert.deepEqual([q.state, q.health, q.start_time === q.end_time], ['Finished', 'Canceled', true]);
      assert.equal((await get(`${sim.url}/api/v0.2/jobs/1/logs/`, 't')).status, 404);

      await waitFor(() => sim.restJob('2').appended > 50);
      await get(`${sim.url}/api/v0.2/jobs/2/cancel/`, 't');
      const frozen = sim.restJob('2').appended;
      assert.equal((await job('2')).state, 'Canceling');
      await sleep(100);
      assert.equal(sim.restJob('2').appended, frozen, 'the log stops growing');
      await waitFor(() => sim.restJob('2').finished);
      assert.deepEqual([(await job('2')).state, (await job('2')).health], ['Finished', 'Canceled']);
    });

    it('web UI log_pipeline_incremental answers like the fixture', async () => {
      sim = await LavaSimulator.start();
      sim
        .addRestJob({ id: '1', records: loadOutputYaml('complete'), health: 'Complete', submittedMs: 60000, finishDelayMs: 0 })
        .appendNow();
      const r = await get(`${sim.url}/scheduler/job/1/log_pipeline_incremental?line=675`);
      assert.equal(r.headers.get('x-is-finished'), '1');
      assert.deepEqual(r.bytes, readData('complete/pipeline-finished-last3.json'));
      const page = await get(`${sim.url}/scheduler/job/1`);
      assert.match(page.text, /<title>Job 1<\/title>/);
    });
  });

  describe('log-tail', () => {
    const tail = async (id: string, start: number | string, token?: string) => {
      const r = await get(`${sim.url}/lava-server/job/${id}/log-tail?start=${start}`, token);
      return {
        status: r.status,
        body: r.status === 200 ? (JSON.parse(r.text) as { is_finished: boolean; new_size: number; content: string }) : undefined,
      };
    };

    it('never splits a UTF-8 character and reports the end', async () => {
      sim = await LavaSimulator.start();
      const log = Buffer.from('ab é ✓ 🚀\n', 'utf8'); // bytes: a b ' ' [c3 a9] ' ' [e2 9c 93] ' ' [f0 9f 9a 80] \n
      const job = sim.addLogTailJob({ id: '9', log, autoStart: false });
      assert.deepEqual((await tail('9', 0)).body, { is_finished: false, new_size: 0, content: '' });
      job.appendNow(4); // cuts é
      assert.deepEqual((await tail('9', 0)).body, { is_finished: false, new_size: 3, content: 'ab ' });
      job.appendNow(3); // 7 bytes: inside ✓
      assert.deepEqual((await tail('9', 3)).body, { is_finished: false, new_size: 6, content: 'é ' });
      job.appendNow(5); // 12 bytes: inside 🚀
      assert.deepEqual((await tail('9', 6)).body, { is_finished: false, new_size: 10, content: '✓ ' });
      job.appendNow(Infinity);
      assert.deepEqual((await tail('9', 10)).body, { is_finished: true, new_size: log.length, content: '🚀\n' });
      assert.equal(job.finished, true);

      job.restart(); // truncated to 0: new_size < start
      assert.deepEqual((await tail('9', log.length)).body, { is_finished: false, new_size: 0, content: '' });
      assert.equal((await tail('9', -1)).status, 400);
      assert.equal((await tail('9', 'x')).status, 400);
      assert.equal((await tail('404', 0)).status, 404);
    });

    it('streams a 1 MB line and multi-byte text in seeded random chunks', async () => {
      sim = await LavaSimulator.start();
      const log = Buffer.from(`start\n${'é✓🚀x'.repeat(100000)}\n${'y'.repeat(1 << 20)}\nend ✓\n`, 'utf8');
      sim.addLogTailJob({ id: '1', log, chunk: { min: 1, max: 300000 }, intervalMs: 20, seed: 3 });
      let text = '';
      let start = 0;
      let sizes: number[] = [];
      for (;;) {
        const { body } = await tail('1', start);
        assert.ok(body);
        text += body.content;
        assert.equal(Buffer.byteLength(text), body.new_size);
        sizes.push(body.new_size);
        start = body.new_size;
        if (body.is_finished) break;
      }
      assert.equal(text, log.toString('utf8'));
      sizes = [...new Set(sizes)];
      assert.ok(sizes.length > 3, 'grew in several steps');
    });

    it('token: missing -> 401, wrong -> 403', async () => {
      sim = await LavaSimulator.start({ token: 's3' });
      sim.addLogTailJob({ id: '1', log: Buffer.from('x\n'), intervalMs: 0 });
      assert.equal((await tail('1', 0)).status, 401);
      assert.equal((await tail('1', 0, 'bad')).status, 403);
      assert.deepEqual((await tail('1', 0, 's3')).body, { is_finished: true, new_size: 2, content: 'x\n' });
      assert.equal(sim.requests[2].authorization, 'Token s3');
      assert.deepEqual(sim.requests[2].query, { start: '0' });
      assert.equal(sim.requests[2].jobId, '1');
    });
  });

  describe('faults and outages', () => {
    it('answers each fault kind for the next N matching requests only', async () => {
      sim = await LavaSimulator.start();
      sim.addLogTailJob({ id: '1', log: Buffer.from('hello\n'), intervalMs: 0 });
      sim.addLogTailJob({ id: '2', log: Buffer.from('other\n'), intervalMs: 0 });
      const url = (id: string) => `${sim.url}/lava-server/job/${id}/log-tail?start=0`;

      sim.fault({ jobId: '1', kind: 'http500', count: 2 });
      assert.equal((await get(url('2'))).status, 200, 'other job unaffected');
      assert.equal((await get(url('1'))).status, 500);
      assert.equal((await get(url('1'))).status, 500);
      assert.equal((await get(url('1'))).status, 200);

      const expect: [string, number][] = [
        ['http502', 502],
        ['http404', 404],
        ['http401', 401],
        ['http403', 403],
      ];
      for (const [kind, status] of expect) {
        sim.fault({ kind: kind as 'http502' });
        assert.equal((await get(url('1'))).status, status, kind);
      }
      sim.fault({ kind: 'garbage' });
      const garbage = await get(url('1'));
      assert.equal(garbage.status, 200);
      assert.throws(() => JSON.parse(garbage.text));
      sim.fault({ kind: 'bad-json-shape' });
      const shape = JSON.parse((await get(url('1'))).text);
      assert.equal(shape.content, undefined);

      sim.fault({ kind: 'drop' });
      await assert.rejects(fetch(url('1')));
      sim.fault({ kind: 'hang' });
      await assert.rejects(fetch(url('1'), { signal: AbortSignal.timeout(200) }));
      assert.equal((await get(url('1'))).status, 200);
    });

    it('down(ms) refuses connections, then listens again on the same port', async () => {
      sim = await LavaSimulator.start();
      sim.addLogTailJob({ id: '1', log: Buffer.from('hello\n'), intervalMs: 0 });
      const url = `${sim.url}/lava-server/job/1/log-tail?start=0`;
      assert.equal((await get(url)).status, 200);
      const before = sim.bytesSent;
      const outage = sim.down(300);
      await sleep(20);
      await assert.rejects(fetch(url));
      await outage;
      assert.equal(sim.url, url.slice(0, sim.url.length));
      const r = await get(url);
      assert.equal(r.status, 200);
      assert.equal(sim.bytesSent, before + r.bytes.length);
      await sim.goDown();
      await assert.rejects(fetch(url));
      await sim.goUp();
      assert.equal((await get(url)).status, 200);
    });
  });
});
