// The simulator's fault kinds for chaos tests, each over real HTTP (Node's fetch),
// and the seeded fault schedule (sim.chaos()).
import * as assert from 'node:assert/strict';
import { FaultKind, FaultSchedule, LavaSimulator } from '../../simulator/server';
import { loadOutputYaml } from '../../simulator/fixtures';

interface Tail {
  is_finished: boolean;
  new_size: number;
  content: string;
}

describe('LAVA simulator: chaos faults', function () {
  let sim: LavaSimulator;
  const LOG = Buffer.from('ab é ✓ 🚀\nline two ✓\n', 'utf8'); // é: c3 a9 at 3; ✓: e2 9c 93 at 6; 🚀: f0 9f 9a 80 at 10

  before(async () => {
    sim = await LavaSimulator.start();
  });
  after(async () => {
    await sim?.close();
  });
  beforeEach(() => {
    sim.clearFaults();
    sim.chaos(undefined);
    sim.injected.length = 0;
  });

  let nextId = 100;
  /** A fresh log-tail job with the whole LOG written, no timer. */
  const tailJob = (log = LOG) => {
    const id = String(nextId++);
    const job = sim.addLogTailJob({ id, log, autoStart: false });
    job.appendNow(Infinity);
    return { id, job };
  };
  const tailUrl = (id: string, start: number) => `${sim.url}/lava-server/job/${id}/log-tail?start=${start}`;
  const tail = async (id: string, start: number): Promise<Tail> => {
    const r = await fetch(tailUrl(id, start));
    assert.equal(r.status, 200);
    return (await r.json()) as Tail;
  };

  describe('fault kinds', () => {
    it('http503: an HTML 503 page', async () => {
      const { id } = tailJob();
      sim.fault({ kind: 'http503' });
      const r = await fetch(tailUrl(id, 0));
      assert.equal(r.status, 503);
      assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await r.text(), /<title>Service Unavailable<\/title>/);
      assert.equal((await fetch(tailUrl(id, 0))).status, 200, 'only once');
    });

    it('http429: DRF throttling with Retry-After (default 1, configurable)', async () => {
      const { id } = tailJob();
      sim.fault({ kind: 'http429' });
      sim.fault({ kind: 'http429', retryAfterSeconds: 7 });
      let r = await fetch(tailUrl(id, 0));
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '1');
      assert.deepEqual(await r.json(), { detail: 'Request was throttled. Expected available in 1 second.' });
      r = await fetch(tailUrl(id, 0));
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('retry-after'), '7');
      assert.match(await r.text(), /7 seconds/);
    });

    it('reset-before (= drop): no byte at all, fetch itself rejects', async () => {
      const { id } = tailJob();
      sim.fault({ kind: 'reset-before' });
      await assert.rejects(fetch(tailUrl(id, 0)));
      assert.equal((await fetch(tailUrl(id, 0))).status, 200);
    });

    it('reset-mid-body: status and real Content-Length arrive, then the body fails', async () => {
      const { id } = tailJob();
      const full = Buffer.from(await (await fetch(tailUrl(id, 0))).arrayBuffer());
      for (let i = 0; i < 20; i++) {
        sim.fault({ kind: 'reset-mid-body' });
        const r = await fetch(tailUrl(id, 0));
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('content-length'), String(full.length));
        await assert.rejects(r.text());
      }
      assert.equal((await fetch(tailUrl(id, 0))).status, 200);
    });

    it('stall: headers come, the body never completes (an abort ends the wait), unlike hang', async () => {
      const { id } = tailJob();
      sim.fault({ kind: 'stall' });
      const ac = new AbortController();
      const r = await fetch(tailUrl(id, 0), { signal: ac.signal });
      assert.equal(r.status, 200, 'headers were sent');
      const timer = setTimeout(() => ac.abort(), 150);
      const t0 = Date.now();
      await assert.rejects(r.text(), (e: Error) => e.name === 'AbortError');
      clearTimeout(timer);
      assert.ok(Date.now() - t0 >= 100, 'the body hung until the abort');

      sim.fault({ kind: 'hang' });
      await assert.rejects(fetch(tailUrl(id, 0), { signal: AbortSignal.timeout(100) }), 'hang: not even headers');
      assert.equal((await fetch(tailUrl(id, 0))).status, 200);
    });

    it('html-200: a 200 text/html sign-in page', async () => {
      const { id } = tailJob();
      sim.fault({ kind: 'html-200' });
      const r = await fetch(tailUrl(id, 0));
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
      const text = await r.text();
      assert.match(text, /^<!DOCTYPE html><html><head><title>Sign in<\/title>/);
      assert.throws(() => JSON.parse(text));
    });

    it('invalid-json (garbage) and truncated-json: complete answers that do not parse', async () => {
      const { id } = tailJob();
      const full = await (await fetch(tailUrl(id, 0))).text();
      sim.fault({ kind: 'garbage' });
      const g = await fetch(tailUrl(id, 0));
      assert.equal(g.status, 200);
      assert.equal(g.headers.get('content-type'), 'application/json');
      await assert.rejects(g.json());

      sim.fault({ kind: 'truncated-json' });
      const r = await fetch(tailUrl(id, 0));
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/json');
      const body = await r.text(); // the body is complete as far as HTTP goes
      assert.equal(r.headers.get('content-length'), String(Buffer.byteLength(body)));
      assert.equal(body, full.slice(0, Math.floor(full.length / 2))); // ASCII: pythonJsonDumps escapes
      assert.throws(() => JSON.parse(body));
    });

    it('truncated-json waits for a 200 JSON answer (not a YAML log); REST JSON is cut too', async () => {
      const rest = sim.addRestJob({
        id: 'r1',
        records: loadOutputYaml('complete'),
        health: 'Complete',
        batchIntervalMs: 0,
        linesPerSecond: 1e6,
        finishDelayMs: 0,
      });
      rest.appendNow();
      sim.fault({ jobId: 'r1', kind: 'truncated-json' });
      const logs = await fetch(`${sim.url}/api/v0.2/jobs/r1/logs/`);
      assert.equal(logs.status, 200);
      assert.equal(Buffer.from(await logs.arrayBuffer()).length, rest.logBytes.length, 'YAML served whole');
      assert.equal(sim.injected.length, 0);
      const detail = await fetch(`${sim.url}/api/v0.2/jobs/r1/`);
      await assert.rejects(detail.json());
      assert.deepEqual(
        sim.injected.map((f) => [f.kind, f.path, f.source]),
        [['truncated-json', '/api/v0.2/jobs/r1/', 'fault']],
      );
    });

    it('content-length-lie: Content-Length larger than the body, then the server closes', async () => {
      const { id } = tailJob();
      const full = Buffer.from(await (await fetch(tailUrl(id, 0))).arrayBuffer());
      sim.fault({ kind: 'content-length-lie' });
      const r = await fetch(tailUrl(id, 0));
      assert.equal(r.status, 200);
      assert.equal(Number(r.headers.get('content-length')), full.length + 1024);
      await assert.rejects(r.text());
    });

    it('a damaged answer does not change the job: a faulted cancel/ does not cancel', async () => {
      const job = sim.addRestJob({ id: 'r2', records: loadOutputYaml('complete'), health: 'Complete', submittedMs: 60000 });
      sim.fault({ jobId: 'r2', kind: 'reset-mid-body' });
      const r = await fetch(`${sim.url}/api/v0.2/jobs/r2/cancel/`, { headers: { Authorization: 'Token t' } });
      await assert.rejects(r.text());
      assert.equal(job.state(), 'Submitted');
      assert.equal(job.finalHealth, 'Complete');
    });
  });

  describe('log-tail fault kinds', () => {
    it('restart: new_size drops to 0, the log grows again from 0', async () => {
      const id = String(nextId++);
      const job = sim.addLogTailJob({ id, log: LOG, chunk: { min: 4, max: 4 }, autoStart: false });
      job.appendNow(Infinity);
      const before = await tail(id, 0);
      assert.equal(before.new_size, LOG.length);
      sim.fault({ kind: 'restart' });
      assert.deepEqual(await tail(id, before.new_size), { is_finished: false, new_size: 0, content: '' });
      assert.equal(job.restarts, 1);
      job.appendNow(); // one 4-byte chunk: 'ab ' (é is not complete yet)
      assert.deepEqual(await tail(id, 0), { is_finished: false, new_size: 3, content: 'ab ' });
    });

    it('restart waits for a log-tail request of a log-tail job (REST requests pass)', async () => {
      const { id, job } = tailJob();
      sim.addRestJob({ id: 'r3', records: loadOutputYaml('complete'), health: 'Complete' });
      sim.fault({ kind: 'restart' });
      assert.equal((await fetch(`${sim.url}/api/v0.2/jobs/r3/`)).status, 200);
      assert.equal(job.restarts, 0);
      assert.equal((await tail(id, 5)).new_size, 0);
      assert.equal(job.restarts, 1);
    });

    it('utf8-split: new_size inside a character; the next answer starts at that byte', async () => {
      const { id } = tailJob();
      const normal = await tail(id, 0);
      assert.equal(Buffer.byteLength(normal.content), normal.new_size - 0, 'a normal answer is consistent');

      sim.fault({ kind: 'utf8-split' });
      const split = await tail(id, 0);
      // the last multi-byte character is the ✓ of "line two ✓\n" (e2 9c 93): cut 2 bytes into it
      const check = LOG.lastIndexOf(Buffer.from('✓'));
      assert.equal(split.new_size, check + 2);
      assert.equal(split.is_finished, false);
      assert.equal(split.content, LOG.subarray(0, check).toString('utf8') + '\ufffd');
      assert.notEqual(Buffer.byteLength(split.content), split.new_size - 0);

      // the client goes on from new_size: the stray continuation byte decodes to U+FFFD
      const next = await tail(id, split.new_size);
      assert.equal(next.new_size, LOG.length);
      assert.equal(next.content, '\ufffd\n');
      assert.notEqual(Buffer.byteLength(next.content), next.new_size - split.new_size);
    });

    it('utf8-split never cuts 3 bytes into a 4-byte character (that would look consistent)', async () => {
      const log = Buffer.from('x🚀', 'utf8'); // 78 f0 9f 9a 80
      const { id } = tailJob(log);
      sim.fault({ kind: 'utf8-split' });
      const a = await tail(id, 0);
      assert.equal(a.new_size, 3); // 2 bytes into 🚀
      assert.equal(a.content, 'x\ufffd');
      assert.notEqual(Buffer.byteLength(a.content), a.new_size);
    });

    it('utf8-split waits while there is no multi-byte character after start', async () => {
      const { id } = tailJob(Buffer.from('plain ascii\né\n'));
      sim.fault({ kind: 'utf8-split' });
      assert.deepEqual(await tail(id, 14), { is_finished: true, new_size: 15, content: '\n' }, 'é lies before start');
      const a = await tail(id, 0);
      assert.equal(a.new_size, 13);
      assert.equal(a.content, 'plain ascii\n\ufffd');
    });

    it('ignore-start: the whole log from 0 with the current new_size', async () => {
      const { id } = tailJob();
      sim.fault({ kind: 'ignore-start' });
      assert.deepEqual(await tail(id, 10), { is_finished: true, new_size: LOG.length, content: LOG.toString('utf8') });
      assert.equal((await tail(id, 10)).content, LOG.subarray(10).toString('utf8'));
    });
  });

  describe('seeded schedule', () => {
    const KINDS: FaultKind[] = [
      'http503',
      'http429',
      'reset-mid-body',
      'html-200',
      'truncated-json',
      'content-length-lie',
      'ignore-start',
      'utf8-split',
    ];

    it('FaultSchedule: the same seed gives the same decisions, another seed others', () => {
      const run = (seed: number) => {
        const s = new FaultSchedule({ seed, rate: 0.3, kinds: KINDS });
        return Array.from({ length: 200 }, (_, i) => s.next((k) => i % 2 === 0 || k !== 'utf8-split') ?? '-');
      };
      assert.deepEqual(run(42), run(42));
      assert.notDeepEqual(run(42), run(43));
      const hits = run(42).filter((k) => k !== '-').length;
      assert.ok(hits > 30 && hits < 90, `about 30% of 200: ${hits}`);
      assert.ok(new Set(run(42)).size > 5, 'several kinds');
      assert.throws(() => new FaultSchedule({ seed: 1, rate: 2, kinds: KINDS }));
      assert.throws(() => new FaultSchedule({ seed: 1, rate: 0.5, kinds: [] }));
    });

    it('sim.chaos(): seeded faults over HTTP, recorded in sim.injected, deterministic per seed', async () => {
      const { id, job } = tailJob();
      const outcome = async (seed: number) => {
        sim.injected.length = 0;
        sim.chaos({ seed, rate: 0.5, kinds: KINDS, jobId: id });
        const seen: string[] = [];
        for (let i = 0; i < 40; i++) {
          try {
            const r = await fetch(tailUrl(id, 10), { signal: AbortSignal.timeout(2000) });
            const text = await r.text();
            seen.push(`${r.status}:${text.length}`);
          } catch {
            seen.push('error');
          }
        }
        sim.chaos(undefined);
        return { seen, injected: sim.injected.map((f) => f.kind) };
      };
      const a = await outcome(7);
      const b = await outcome(7);
      const c = await outcome(8);
      assert.deepEqual(a, b);
      assert.notDeepEqual(a.injected, c.injected);
      assert.ok(a.injected.length > 8, `injected ${a.injected.length}`);
      assert.equal(job.restarts, 0);
      assert.equal(job.appended, LOG.length, 'no fault changed the job');
      // requests about other jobs are not considered
      sim.chaos({ seed: 7, rate: 1, kinds: ['http503'], jobId: id });
      const other = tailJob();
      assert.equal((await fetch(tailUrl(other.id, 0))).status, 200);
      assert.equal((await fetch(tailUrl(id, 0))).status, 503);
      const counts = sim.injectedCounts();
      assert.equal(counts.http503, a.injected.filter((k) => k === 'http503').length + 1);
      console.log('      injected per kind (seed 7, 40 requests + 1):', JSON.stringify(counts));
    });

    it('sim.fault() goes first; log-tail kinds are drawn only for log-tail requests', async () => {
      sim.addRestJob({ id: 'r4', records: loadOutputYaml('complete'), health: 'Complete' });
      sim.injected.length = 0;
      const s = sim.chaos({ seed: 3, rate: 1, kinds: ['restart', 'ignore-start'] });
      assert.ok(s);
      sim.fault({ kind: 'http503' });
      assert.equal((await fetch(`${sim.url}/api/v0.2/jobs/r4/`)).status, 503);
      assert.equal(s.considered, 0, 'a sim.fault() request uses no decision');
      assert.equal((await fetch(`${sim.url}/api/v0.2/jobs/r4/`)).status, 200, 'no log-tail kind fits a REST request');
      assert.equal(s.considered, 1);
      assert.deepEqual(
        sim.injected.map((f) => [f.kind, f.source]),
        [['http503', 'fault']],
      );
    });
  });
});
