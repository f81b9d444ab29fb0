// The job loop's steps that need no editor: checks before sending, the jobs a submit created
// (MultiNode ids resolved), what a followed id stands for — over real HTTP against the simulator.
import * as assert from 'node:assert/strict';
import { FetchFn } from '../../../../src/core/net/http';
import { submitJob, SubmitDeps } from '../../../../src/core/submit/jobActions';
import { checkDefinition, followTarget, looksLikeJobDefinition, resolveNewJobs } from '../../../../src/core/submit/definitionAndJobIds';
import { LavaSimulator } from '../../../simulator/server';
import { definitionText } from './cases';

const fetch: FetchFn = globalThis.fetch.bind(globalThis);
const TOKEN = 'admin-secret';

async function submitIds(sim: LavaSimulator, deps: SubmitDeps, name: string): Promise<string[]> {
  const out = await submitJob(sim.url, definitionText(name), deps);
  assert.equal(out.kind, 'submitted', JSON.stringify(out));
  return out.kind === 'submitted' ? out.jobIds : [];
}

describe('definitionAndJobIds: checks before sending', () => {
  it('an empty text, YAML LAVA cannot read (placed), YAML that is not a job', () => {
    const empty = checkDefinition('  \n');
    assert.equal(empty.ok ? 'ok' : empty.reason, 'empty');
    const broken = checkDefinition('job_name: x\nactions: [unclosed\n');
    assert.equal(broken.ok ? 'ok' : broken.reason, 'yaml');
    if (!broken.ok) {
      assert.ok(broken.problems.length > 0);
      assert.match(broken.detail ?? '', /^line \d+$/);
    }
    const other = checkDefinition('name: my-ci\nsteps: []\n');
    assert.equal(other.ok ? 'ok' : other.reason, 'not-a-job');
  });

  it('a job definition: its job_name; looksLikeJobDefinition agrees', () => {
    const text = definitionText('valid-job');
    const ok = checkDefinition(text);
    assert.ok(ok.ok);
    assert.equal(ok.ok && ok.jobName, 'real-lava qemu busybox progress (complete)');
    assert.ok(looksLikeJobDefinition(text));
    assert.ok(looksLikeJobDefinition(definitionText('valid-multinode')));
    assert.ok(!looksLikeJobDefinition('actions: []\n'));
    assert.ok(!looksLikeJobDefinition('job_name: x\n'));
  });
});

describe('definitionAndJobIds: against the simulator over HTTP', function () {
  this.timeout(30000);
  let sim: LavaSimulator;
  let admin: SubmitDeps;

  before(async () => {
    sim = await LavaSimulator.start({
      token: TOKEN,
      submitted: () => ({ linesPerSecond: 5, batchIntervalMs: 100, finishDelayMs: 300 }),
    });
    admin = { fetch, timeoutMs: 10000, credentials: { serverUrl: sim.url, token: TOKEN } };
  });
  after(() => sim.close());

  it('resolveNewJobs: a single-node id as it is', async () => {
    const ids = await submitIds(sim, admin, 'valid-job');
    assert.deepEqual(await resolveNewJobs(sim.url, ids, admin), [{ id: ids[0] }]);
  });

  it('resolveNewJobs: "N.0", "N.1" → the ids the server serves, with their roles', async () => {
    const ids = await submitIds(sim, admin, 'valid-multinode');
    const jobs = await resolveNewJobs(sim.url, ids, admin);
    const first = Number(ids[0].split('.')[0]);
    assert.deepEqual(jobs, [
      { id: String(first), subId: ids[0], role: 'server' },
      { id: String(first + 1), subId: ids[1], role: 'client' },
    ]);
  });

  it('resolveNewJobs: a sub-job id that does not resolve keeps its dotted id and says why', async () => {
    const jobs = await resolveNewJobs(sim.url, ['99999.0', '99999.1'], admin);
    assert.equal(jobs.length, 2);
    for (const j of jobs) {
      assert.equal(j.id, j.subId);
      assert.match(j.unresolved ?? '', /Cannot resolve 99999\.\d: job 99999 is not on/);
    }
  });

  it('followTarget: a single job, a typed sub-job id, the parent id, an id that cannot be resolved', async () => {
    const [single] = await submitIds(sim, admin, 'valid-job');
    assert.deepEqual(await followTarget(sim.url, single, admin), { kind: 'single', id: single });

    const ids = await submitIds(sim, admin, 'valid-multinode');
    const parent = ids[0].split('.')[0];
    const client = await followTarget(sim.url, ids[1], admin);
    assert.equal(client.kind, 'multinode');
    if (client.kind === 'multinode') {
      assert.equal(client.requested.id, String(Number(parent) + 1));
      assert.equal(client.requested.role, 'client');
      assert.equal(client.parentId, parent);
      assert.deepEqual(
        client.group.subJobs.map((s) => s.role),
        ['server', 'client'],
      );
    }
    const byParent = await followTarget(sim.url, parent, admin);
    assert.equal(byParent.kind === 'multinode' && byParent.requested.role, 'server');

    const missing = await followTarget(sim.url, '99999.1', admin);
    assert.equal(missing.kind, 'unresolved');
    assert.match(missing.kind === 'unresolved' ? missing.reason : '', /Cannot resolve 99999\.1/);
    const notMultinode = await followTarget(sim.url, `${single}.1`, admin);
    assert.match(notMultinode.kind === 'unresolved' ? notMultinode.reason : '', new RegExp(`job ${single} is not a MultiNode job`));
  });

  it('followTarget: a server that cannot be reached → the id followed alone (the follow tells); a sub-job id → unresolved', async () => {
    const down = { fetch, timeoutMs: 2000 };
    assert.deepEqual(await followTarget('http://127.0.0.1:9', '12', down), { kind: 'single', id: '12' });
    const sub = await followTarget('http://127.0.0.1:9', '12.1', down);
    assert.equal(sub.kind, 'unresolved');
  });
});
