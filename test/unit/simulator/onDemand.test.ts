// Demo jobs start when they are first asked for and run again when followed after they
// ended (test/simulator/onDemand.ts), over real HTTP against the simulator.
import * as assert from 'node:assert/strict';
import { addDemoJobs } from '../../simulator/demo';
import { loadOutputYaml } from '../../simulator/fixtures';
import { beginsFollow } from '../../simulator/onDemand';
import { LavaSimulator } from '../../simulator/server';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function json(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(url, { headers: { Accept: '*/*' } });
  const text = await r.text();
  return { status: r.status, body: r.status === 200 && text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function logLines(url: string): Promise<number> {
  const r = await fetch(url, { headers: { Accept: '*/*' } });
  const text = await r.text();
  return r.status === 404 ? 0 : text.split('\n').filter((l) => l.startsWith('- ')).length;
}

async function waitFor(cond: () => Promise<boolean>, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(20);
  }
}

describe('simulator: jobs that run when asked for (npm start)', function () {
  this.timeout(30000);
  let sim: LavaSimulator;
  afterEach(async () => {
    await sim?.close();
  });

  it('says which requests begin a follow', () => {
    const q = (s: string) => new URLSearchParams(s);
    assert.ok(beginsFollow('/api/v0.2/jobs/1/', q('')));
    assert.ok(beginsFollow('/api/v0.2/jobs/1/logs/', q('start=0&end=1000')));
    assert.ok(beginsFollow('/api/v0.2/jobs/1/logs/', q('')));
    assert.ok(beginsFollow('/lava-server/job/101/log-tail', q('start=0')));
    assert.ok(!beginsFollow('/api/v0.2/jobs/1/logs/', q('start=120&end=1120')));
    assert.ok(!beginsFollow('/lava-server/job/101/log-tail', q('start=5000')));
    assert.ok(!beginsFollow('/api/v0.2/jobs/1/tests/', q('')));
    assert.ok(!beginsFollow('/scheduler/job/1', q('')));
  });

  it('demo jobs wait for their first request, of any kind, and a job list does not start them', async () => {
    sim = await LavaSimulator.start();
    addDemoJobs(sim);
    await sleep(400);
    const list = await json(`${sim.url}/api/v0.2/jobs/?limit=10`);
    const states = (list.body.results as { id: number; state: string }[]).map((j) => `${j.id} ${j.state}`).sort();
    assert.deepEqual(states, ['1 Submitted', '2 Submitted']);
    assert.deepEqual([sim.runsOf('1'), sim.runsOf('2'), sim.runsOf('101')], [0, 0, 0]);
    assert.equal(sim.logTailJob('101').appended, 0);

    // Job 1: its first request (here the job page) starts it: queued 3 s, then running.
    assert.equal((await fetch(`${sim.url}/scheduler/job/1`)).status, 200);
    assert.equal(sim.runsOf('1'), 1);
    assert.equal((await json(`${sim.url}/api/v0.2/jobs/1/`)).body.state, 'Submitted');
    await waitFor(async () => (await json(`${sim.url}/api/v0.2/jobs/1/`)).body.state === 'Running');
    assert.equal(sim.runsOf('2'), 0, 'job 2 still waits');

    // Job 101 (log-tail): its first read starts it from nothing.
    const first = (await json(`${sim.url}/lava-server/job/101/log-tail?start=0`)).body;
    assert.equal(first.is_finished, false);
    assert.ok(Number(first.new_size) < 500);
    await waitFor(async () => Number((await json(`${sim.url}/lava-server/job/101/log-tail?start=0`)).body.new_size) > 300);
    assert.equal(sim.runsOf('101'), 1, 'reading it while it runs does not restart it');
  });

  it('REST: a follow that starts after the job ended (its job or logs from 0) runs it again from the beginning', async () => {
    sim = await LavaSimulator.start();
    const records = loadOutputYaml('complete').slice(0, 40);
    sim.addRestJob({ id: '7', records, health: 'Complete', linesPerSecond: 400, batchIntervalMs: 0, finishDelayMs: 100 });
    sim.runOnDemand('7', { restartAfterMs: 400 });
    const job = `${sim.url}/api/v0.2/jobs/7/`;
    await sleep(200);
    assert.equal(sim.runsOf('7'), 0);
    assert.equal(await logLines(`${job}logs/?start=0`), 0, 'held: no log before it was asked for');
    assert.equal(sim.runsOf('7'), 1, 'that request started it');
    await waitFor(async () => (await json(job)).body.state === 'Finished');

    // The follower's last reads, right after the end: the same run.
    assert.equal(await logLines(`${job}logs/?start=0`), 40);
    assert.equal((await json(job)).body.health, 'Complete');
    assert.equal(sim.runsOf('7'), 1);

    // Later: Show Results and a read past the start do not restart it...
    await sleep(500);
    assert.equal((await fetch(`${job}tests/`, { headers: { Accept: '*/*' } })).status, 200);
    assert.equal(await logLines(`${job}logs/?start=30`), 10);
    assert.equal((await fetch(`${sim.url}/scheduler/job/7`)).status, 200);
    assert.equal(sim.runsOf('7'), 1);
    // ...a new follow (a REST follower reads the job first) does: a new run, from the beginning.
    const again = (await json(job)).body;
    assert.equal(sim.runsOf('7'), 2);
    assert.notEqual(again.state, 'Finished');
    assert.equal(again.health, 'Unknown');
    assert.ok((await logLines(`${job}logs/?start=0`)) < 40);
    assert.equal(sim.runsOf('7'), 2, 'its logs from 0, right after, are the same new run');
    await waitFor(async () => (await json(job)).body.state === 'Finished');

    // Logs from 0 begin a follow too.
    await sleep(500);
    assert.ok((await logLines(`${job}logs/?start=0&end=1000`)) < 40);
    assert.equal(sim.runsOf('7'), 3);
  });

  it('log-tail: a read from start 0 after the end runs it again; reads past the start do not', async () => {
    sim = await LavaSimulator.start();
    const log = Buffer.from('line\n'.repeat(200), 'utf8'); // 1000 bytes
    sim.addLogTailJob({ id: '201', log, chunk: { min: 250, max: 250 }, intervalMs: 20, autoStart: false });
    sim.runOnDemand('201', { restartAfterMs: 300 });
    const tail = (start: number) => json(`${sim.url}/lava-server/job/201/log-tail?start=${start}`).then((r) => r.body);
    await sleep(150);
    assert.equal(sim.logTailJob('201').appended, 0, 'held until asked for');
    assert.equal((await tail(0)).new_size, 0);
    await waitFor(async () => (await tail(1000)).is_finished === true);
    assert.equal((await tail(0)).new_size, 1000, 'right after the end: the same run');
    await sleep(400);
    assert.equal((await tail(1000)).is_finished, true, 'a follower still at the end');
    assert.equal((await tail(500)).new_size, 1000);
    assert.equal(sim.runsOf('201'), 1);
    const again = await tail(0);
    assert.equal(sim.runsOf('201'), 2);
    assert.equal(again.is_finished, false);
    assert.ok(Number(again.new_size) < 1000);
    await waitFor(async () => (await tail(1000)).is_finished === true);
  });
});
