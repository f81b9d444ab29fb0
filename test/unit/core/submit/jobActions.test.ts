// Submit, cancel, resubmit, stored definitions and MultiNode sub-jobs over real HTTP against the
// simulator (answers of LAVA 2023.01).
import * as assert from 'node:assert/strict';
import { LavaError } from '../../../../src/core/net/errors';
import { FetchFn } from '../../../../src/core/net/http';
import {
  cancelJob,
  jobDefinition,
  resolveSubJob,
  resubmitJob,
  subJobsOf,
  submitJob,
  SubmitDeps,
  SubmitOutcome,
} from '../../../../src/core/submit/jobActions';
import { LavaSimulator } from '../../../simulator/server';
import { definitionText, INVALID_CASES } from './cases';

const fetch: FetchFn = globalThis.fetch.bind(globalThis);
const TOKEN = 'admin-secret';
const PLAIN = 'plain-secret';

async function rejection(promise: Promise<unknown>): Promise<LavaError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof LavaError, `not a LavaError: ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

function submitted(o: SubmitOutcome): string[] {
  assert.equal(o.kind, 'submitted', JSON.stringify(o));
  return o.kind === 'submitted' ? o.jobIds : [];
}

describe('jobActions: against the simulator over HTTP', function () {
  this.timeout(30000);
  let sim: LavaSimulator;
  let admin: SubmitDeps;
  let plain: SubmitDeps;
  let anonymous: SubmitDeps;

  before(async () => {
    sim = await LavaSimulator.start({
      token: TOKEN,
      users: [{ token: PLAIN, user: 'user' }],
      submitted: () => ({ linesPerSecond: 5, batchIntervalMs: 100, finishDelayMs: 300 }),
    });
    admin = { fetch, timeoutMs: 10000, credentials: { serverUrl: sim.url, token: TOKEN } };
    plain = { fetch, timeoutMs: 10000, credentials: { serverUrl: sim.url, token: PLAIN } };
    anonymous = { fetch, timeoutMs: 10000 };
  });
  after(() => sim.close());
  beforeEach(() => sim.requests.splice(0));

  describe('submitJob', () => {
    it('a single-node job: one integer id, as a string', async () => {
      const ids = submitted(await submitJob(sim.url, definitionText('valid-job'), admin));
      assert.equal(ids.length, 1);
      assert.match(ids[0], /^\d+$/);
      assert.equal(sim.requests[0].authorization, `Token ${TOKEN}`);
    });

    it('a MultiNode job: "N.0", "N.1"', async () => {
      const ids = submitted(await submitJob(sim.url, definitionText('valid-multinode'), admin));
      assert.equal(ids.length, 2);
      const n = ids[0].split('.')[0];
      assert.deepEqual(ids, [`${n}.0`, `${n}.1`]);
    });

    for (const c of INVALID_CASES) {
      const text = definitionText(c.name);
      const line = c.expectedLine(text);
      it(`${c.name}: ${c.submit === 'accepted' ? '201 (LAVA accepts it: only the dispatcher would refuse it)' : `400 on line ${line + 1}`}`, async () => {
        const o = await submitJob(sim.url, text, admin);
        if (c.submit === 'accepted') {
          const [id] = submitted(o);
          assert.equal(await cancelJob(sim.url, id, admin), 'Job cancel signal sent.');
          return;
        }
        assert.equal(o.kind, 'rejected');
        if (o.kind !== 'rejected') return;
        assert.equal(o.problems[0].message, o.message, "the server's message is kept");
        assert.equal(o.problems[0].range.startLine, line, o.message);
      });
    }

    it("text that is not YAML: LAVA's PyYAML message and its position", async () => {
      const o = await submitJob(sim.url, 'job_name: [unclosed\n', admin);
      assert.equal(o.kind, 'rejected');
      if (o.kind !== 'rejected') return;
      assert.match(o.message, /^Problem with submitted job data: Loading job submission failed: while parsing a flow sequence/);
      assert.deepEqual([o.problems[0].range.startLine, o.problems[0].range.startCol], [1, 0]);
    });

    it('no token / a bad token: unauthorized, worded', async () => {
      const none = await rejection(submitJob(sim.url, definitionText('valid-job'), anonymous));
      assert.equal(none.kind, 'unauthorized');
      assert.match(none.message, /needs a token to submit a job: set one\. \(LAVA: Authentication credentials were not provided\.\)/);
      const bad = await rejection(
        submitJob(sim.url, definitionText('valid-job'), { ...admin, credentials: { serverUrl: sim.url, token: 'x' } }),
      );
      assert.equal(bad.status, 403);
      assert.match(bad.message, /refused the token: set it again\. \(LAVA: Invalid token\.\)/);
    });
  });

  describe('cancelJob, resubmitJob, jobDefinition', () => {
    it('the submitter cancels; another user and anonymous may not', async () => {
      const [id] = submitted(await submitJob(sim.url, definitionText('valid-job'), admin));
      for (const who of [plain, anonymous]) {
        const err = await rejection(cancelJob(sim.url, id, who));
        assert.equal(err.kind, 'unauthorized');
        assert.match(
          err.message,
          new RegExp(
            `You may not cancel job ${id} on .*only its submitter or an admin may.*\\(LAVA: You do not have permission to perform this action\\.\\)`,
          ),
        );
      }
      assert.equal(await cancelJob(sim.url, id, admin), 'Job cancel signal sent.');
      assert.deepEqual(
        sim.requests.filter((r) => r.path.endsWith('/cancel/')).map((r) => r.method),
        ['GET', 'GET', 'GET'],
        'GET: LAVA 2023.01 answers 405 to POST',
      );
    });

    it('an unknown id (LAVA: a 500 page) is "no job", not a server failure', async () => {
      const err = await rejection(cancelJob(sim.url, '999999', admin));
      assert.equal(err.kind, 'not-found');
      assert.match(err.message, /^No job 999999 on http:\/\/127\.0\.0\.1:\d+ \(LAVA answered its cancel with an HTTP 500 page\)\.$/);
    });

    it('resubmits: new ids, by any user with a token; a MultiNode sub-job resubmits the group', async () => {
      const [id] = submitted(await submitJob(sim.url, definitionText('valid-job'), admin));
      const [again] = await resubmitJob(sim.url, id, plain);
      assert.equal(Number(again), Number(id) + 1);
      const group = submitted(await submitJob(sim.url, definitionText('valid-multinode'), admin));
      const ids = await resubmitJob(sim.url, group[1], admin);
      assert.equal(ids.length, 2);
      assert.match(ids[0], /^\d+\.0$/);
      assert.equal((await rejection(resubmitJob(sim.url, id, anonymous))).kind, 'unauthorized');
      assert.equal((await rejection(resubmitJob(sim.url, '999999', admin))).kind, 'not-found');
      for (const j of [id, again, ids[0], group[0]]) await cancelJob(sim.url, j, admin);
    });

    it("reads a job's definitions: LAVA's re-dump, the text submitted, the MultiNode text", async () => {
      const text = definitionText('valid-job');
      const [id] = submitted(await submitJob(sim.url, text, admin));
      const d = await jobDefinition(sim.url, id, admin);
      assert.equal(d.originalDefinition, text.trim(), 'trimmed like DRF does');
      assert.doesNotMatch(d.definition, /^#/m, 'the re-dump has no comments');
      assert.equal(d.multinodeDefinition, '');
      const group = submitted(await submitJob(sim.url, definitionText('valid-multinode'), admin));
      const sub = await jobDefinition(sim.url, group[1], admin);
      assert.equal(sub.multinodeDefinition, definitionText('valid-multinode').trim());
      assert.match(sub.definition, /role: client/);
      await cancelJob(sim.url, id, admin);
      await cancelJob(sim.url, group[0], admin);
    });
  });

  describe('MultiNode sub-jobs', () => {
    let first: number;
    let ids: string[];
    before(async () => {
      ids = submitted(await submitJob(sim.url, definitionText('valid-multinode'), admin));
      first = Number(ids[0].split('.')[0]);
    });

    // A server whose /RPC2 does not answer scheduler.job_state (the REST group is read instead)
    const noRpc: FetchFn = (url, init) => (/\/RPC2$/.test(url) ? Promise.resolve(new Response('', { status: 404 })) : fetch(url, init));

    it('without XML-RPC, resolves "N.1" through the group (target_group), not by adding 1', async () => {
      const deps = { ...admin, fetch: noRpc };
      assert.deepEqual(await resolveSubJob(sim.url, ids[1], deps), { kind: 'resolved', id: String(first + 1), role: 'client' });
      assert.deepEqual(await resolveSubJob(sim.url, ids[0], deps), { kind: 'resolved', id: String(first), role: 'server' });
      const list = sim.requests.find((r) => r.path === '/api/v0.2/jobs/');
      assert.ok(list?.query.target_group, 'the group asked by target_group');
    });

    it('works when the server ignores target_group (then id__gt from the first sub-job)', async () => {
      // some jobs before the group, and a server that drops the filter
      const ignoring: FetchFn = (url, init) => noRpc(url.replace(/target_group=[^&]*&?/, ''), init);
      const r = await resolveSubJob(sim.url, ids[1], { ...admin, fetch: ignoring });
      assert.deepEqual(r, { kind: 'resolved', id: String(first + 1), role: 'client' });
      assert.ok(sim.requests.some((q) => q.query.id__gt === String(first - 1)));
    });

    it('says clearly when it cannot resolve', async () => {
      const cases: [string, RegExp][] = [
        [`${first}.7`, /group has 2 sub-jobs/],
        [`${first + 1}.1`, /is sub-job 1 of its group, not the first/],
        ['999999.1', /job 999999 is not on .* \(or not visible with this token\)/],
        ['12', /is not a MultiNode sub-job id/],
      ];
      for (const [id, why] of cases) {
        const r = await resolveSubJob(sim.url, id, admin);
        assert.equal(r.kind, 'unresolved', id);
        assert.match(r.kind === 'unresolved' ? r.reason : '', why);
      }
      const [single] = submitted(await submitJob(sim.url, definitionText('valid-job'), admin));
      const r = await resolveSubJob(sim.url, `${single}.1`, admin);
      assert.match(r.kind === 'unresolved' ? r.reason : '', new RegExp(`job ${single} is not a MultiNode job`));
      assert.match((await rejection(cancelJob(sim.url, `${single}.1`, admin))).message, /is not a MultiNode job/);
      await cancelJob(sim.url, single, admin);
    });

    it('lists every sub-job with its role, from any of them', async () => {
      const want = {
        groupSize: 2,
        subJobs: [
          { id: String(first), subId: `${first}.0`, role: 'server' },
          { id: String(first + 1), subId: `${first}.1`, role: 'client' },
        ],
      };
      for (const id of [String(first), String(first + 1), ids[1]]) {
        const g = await subJobsOf(sim.url, id, admin);
        assert.ok(g);
        assert.match(g.targetGroup, /^[0-9a-f-]{36}$/);
        assert.deepEqual({ groupSize: g.groupSize, subJobs: g.subJobs }, want, id);
      }
      const [single] = submitted(await submitJob(sim.url, definitionText('valid-job'), admin));
      assert.equal(await subJobsOf(sim.url, single, admin), undefined);
      await cancelJob(sim.url, single, admin);
    });

    it('cancels by a dotted id: resolved first, the group is canceled', async () => {
      assert.equal(await cancelJob(sim.url, ids[1], admin), 'Job cancel signal sent.');
      const cancel = sim.requests.find((r) => r.path.endsWith('/cancel/'));
      assert.equal(cancel?.path, `/api/v0.2/jobs/${first + 1}/cancel/`);
    });
  });
});
