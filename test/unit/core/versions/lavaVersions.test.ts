// Every LAVA release from 2023.01 to 2026.07 (../shared/notes/lava-versions.md): the follower and
// the job loop against the simulator imitating each one (`lavaVersion`), over real HTTP.
import assert from 'node:assert/strict';
import { systemClock } from '../../../../src/core/util/clock';
import { JobFollower } from '../../../../src/core/follow/follower';
import { formatRecord, FormatOptions } from '../../../../src/core/log/format';
import { parseRecords } from '../../../../src/core/log/records';
import { LavaError } from '../../../../src/core/net/errors';
import { FetchFn } from '../../../../src/core/net/http';
import { ApiDetector } from '../../../../src/core/protocols/apiDetect';
import { RestSource } from '../../../../src/core/protocols/rest/restSource';
import { cancelJobs } from '../../../../src/core/submit/batchCancel';
import { cancelJob, resolveSubJob, submitJob, SubmitDeps } from '../../../../src/core/submit/jobActions';
import { resolveNewJobs } from '../../../../src/core/submit/definitionAndJobIds';
import { validateDefinition } from '../../../../src/core/submit/validate';
import { loadOutputYaml } from '../../../simulator/fixtures';
import { LAVA_VERSIONS, LavaSimulator } from '../../../simulator/server';
import { since } from '../../../simulator/versions';
import { fastFollow, RecordingSink } from '../../helpers';
import { definitionText } from '../submit/cases';

const fetch: FetchFn = globalThis.fetch.bind(globalThis);
const TOKEN = 'tok-versions';
const SECRET = 'hunter2-s3cret';

function expectedText(lines: readonly string[], opts: FormatOptions): string {
  return parseRecords(lines.join('\n') + '\n')
    .records.map((r) => formatRecord(r, opts))
    .join('');
}

/** The `complete` fixture, with a record holding a secret and one of 150 000 characters near the end. */
function recordsWithExtras(): string[] {
  const records = loadOutputYaml('complete');
  const dt = /"dt": "([^"]+)"/.exec(records[records.length - 3])![1];
  const extra = [
    `- {"dt": "${dt}", "lvl": "target", "msg": "login with ${SECRET} ok"}`,
    `- {"dt": "${dt}", "lvl": "target", "msg": "${'x'.repeat(150_000)}"}`,
    `- {"dt": "${dt}", "lvl": "debug", "msg": {"list": "${'y'.repeat(150_000)}"}}`,
  ];
  return [...records.slice(0, -3), ...extra, ...records.slice(-3)];
}

for (const version of LAVA_VERSIONS) {
  describe(`LAVA ${version} (simulated)`, function () {
    this.timeout(60000);
    let sim: LavaSimulator;
    let deps: SubmitDeps;

    beforeEach(async () => {
      sim = await LavaSimulator.start({
        token: TOKEN,
        lavaVersion: version,
        secrets: [SECRET],
        submitted: () => ({ linesPerSecond: 5, batchIntervalMs: 100, finishDelayMs: 300 }),
      });
      deps = { fetch, timeoutMs: 10000, credentials: { serverUrl: sim.url, token: TOKEN }, username: 'admin' };
    });
    afterEach(() => sim.close());

    it('the follower over REST ends Complete with every record shown as LAVA sent it (utc column in UTC)', async () => {
      const original = recordsWithExtras();
      sim.addRestJob({ id: '1', records: original, health: 'Complete', batchIntervalMs: 100, linesPerSecond: 5000, finishDelayMs: 200 });
      const sent = sim.restJob('1').records;
      const format: FormatOptions = { time: 'utc' };
      const sink = new RecordingSink({ format });
      const source = new RestSource({
        fetch,
        serverUrl: sim.url,
        jobId: '1',
        timeoutMs: 5000,
        credentials: { serverUrl: sim.url, token: TOKEN },
        clock: systemClock,
        finishCheckMs: 50,
      });
      const end = await new JobFollower(source, sink, systemClock, fastFollow).run();
      assert.equal(end.kind, 'finished');
      assert.equal(end.kind === 'finished' && end.outcome?.health, 'Complete');
      assert.equal(sink.text, expectedText(sent, format));
      // The utc column is the same whatever the release writes (2023.01's naive UTC, 2026.05's +00:00)
      const columns = (text: string) => text.split('\n').map((l) => /^(\d\d:\d\d:\d\d|--:--:--)/.exec(l)?.[1]);
      assert.deepEqual(columns(sink.text).slice(0, 200), columns(expectedText(original, format)).slice(0, 200));
      assert.equal(sink.text.includes('<line way too long ...>'), since(version, '2024.09'));
      assert.equal(sink.text.includes('line way too long ...'), since(version, '2024.09'));
      assert.equal(sink.text.includes('x'.repeat(150_000)), !since(version, '2024.09'));
      assert.equal(sink.text.includes(SECRET), !since(version, '2026.02'));
      assert.equal(sink.text.includes('login with [MASKED] ok'), since(version, '2026.02'));
      // Every page asked for names its end (2023.01 could truncate a full fetch without one), the first too
      const logs = sim.requests.filter((r) => r.path === '/api/v0.2/jobs/1/logs/');
      assert.ok(logs.length > 0);
      for (const r of logs) assert.match(r.query.end ?? '', /^\d+$/, JSON.stringify(r.query));
      assert.equal(logs[0].query.start, '0');
    });

    it('validate: REST names the path from 2025.02 (before: guessed from the words); XML-RPC always', async () => {
      const text = definitionText('job-name-not-string');
      const rest = await validateDefinition(sim.url, text, deps, { use: 'rest' });
      assert.equal(rest.kind, 'problems', JSON.stringify(rest));
      if (rest.kind !== 'problems') return;
      const p = rest.problems[0];
      if (since(version, '2025.02')) {
        assert.deepEqual(p.path, ['job_name']);
        assert.equal(p.located, 'path');
        assert.doesNotMatch(p.message, / @ \[/);
      } else {
        assert.equal(p.path, undefined);
        assert.notEqual(p.located, 'path');
      }
      const rpc = await validateDefinition(sim.url, text, deps);
      assert.equal(rpc.kind === 'problems' && rpc.via, 'xmlrpc');
      assert.deepEqual(rpc.kind === 'problems' && rpc.problems[0].path, ['job_name']);
      const valid = await validateDefinition(sim.url, definitionText('valid-job'), deps, { use: 'rest' });
      assert.equal(valid.kind, 'valid');
    });

    it('submit, cancel, cancel of an unknown id (500 before 2025.10, 404 after): a clear message both ways', async () => {
      const out = await submitJob(sim.url, definitionText('valid-job'), deps);
      assert.equal(out.kind, 'submitted');
      const id = out.kind === 'submitted' ? out.jobIds[0] : '';
      assert.equal(await cancelJob(sim.url, id, deps), 'Job cancel signal sent.');
      await assert.rejects(cancelJob(sim.url, '999999', deps), (e: unknown) => {
        assert.ok(e instanceof LavaError);
        assert.equal(e.kind, 'not-found');
        assert.match(
          e.message,
          /^No job 999999 on http:\/\/127\.0\.0\.1:\d+ \(LAVA answered its cancel with (an HTTP 500 page|HTTP 404)\)\.$/,
        );
        return true;
      });
    });

    it('canceling several jobs: batch_cancel from 2024.09 (one request), else one by one; an unknown id is refused', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        const out = await submitJob(sim.url, definitionText('valid-job'), deps);
        if (out.kind === 'submitted') ids.push(out.jobIds[0]);
      }
      const before = sim.requests.length;
      const res = await cancelJobs(sim.url, [...ids, '999999'], deps);
      assert.deepEqual(res.canceled, ids);
      assert.deepEqual(
        res.refused.map((r) => r.id),
        ['999999'],
      );
      assert.equal(res.via, since(version, '2024.09') ? 'batch' : 'one-by-one');
      const cancels = sim.requests.slice(before).filter((r) => /cancel/.test(r.path));
      assert.equal(cancels.length, since(version, '2024.09') ? 1 : 1 + 3);
      for (const id of ids) assert.equal(sim.restJob(id).state() === 'Canceling' || sim.restJob(id).state() === 'Finished', true);
    });

    it('MultiNode: "N.1" is mapped to its id by scheduler.job_state (one /RPC2 call, no group listing)', async () => {
      const out = await submitJob(sim.url, definitionText('valid-multinode'), deps);
      const ids = out.kind === 'submitted' ? out.jobIds : [];
      assert.equal(ids.length, 2);
      const before = sim.requests.length;
      const r = await resolveSubJob(sim.url, ids[1], deps);
      assert.deepEqual(r, { kind: 'resolved', id: String(Number(ids[0].split('.')[0]) + 1), role: 'client' });
      const asked = sim.requests.slice(before);
      assert.equal(asked.filter((q) => q.path === '/RPC2').length, 1);
      assert.equal(asked.filter((q) => q.path === '/api/v0.2/jobs/').length, 0, 'the group was listed');
      const jobs = await resolveNewJobs(sim.url, ids, deps);
      assert.deepEqual(
        jobs.map((j) => j.role),
        ['server', 'client'],
      );
    });
  });

  describe(`LAVA ${version} with REQUIRE_LOGIN (simulated)`, function () {
    this.timeout(30000);
    let sim: LavaSimulator;
    beforeEach(async () => {
      sim = await LavaSimulator.start({ token: TOKEN, lavaVersion: version, requireLogin: true });
    });
    afterEach(() => sim.close());

    it('detection says the server needs a token (not "not a LAVA server"), with its version once it is open; a token gets REST', async () => {
      const detector = new ApiDetector(fetch, 5000);
      await assert.rejects(detector.resolve({ name: 's', url: sim.url, api: 'auto' }, undefined, undefined, '1'), (e: unknown) => {
        assert.ok(e instanceof LavaError);
        assert.equal(e.kind, 'unauthorized');
        assert.match(e.message, /requires login, so it needs a token\.$/);
        assert.doesNotMatch(e.message, /does not look like a LAVA server/);
        if (since(version, '2023.04')) assert.match(e.message, new RegExp(`\\(version ${version.replace('.', '\\.')}\\)`));
        else assert.doesNotMatch(e.message, /version/);
        return true;
      });
      await assert.rejects(
        new ApiDetector(fetch, 5000).resolve({ name: 's', url: sim.url, api: 'auto' }, { serverUrl: sim.url, token: 'wrong' }),
        /does not accept that token/,
      );
      const ok = await new ApiDetector(fetch, 5000).resolve({ name: 's', url: sim.url, api: 'auto' }, { serverUrl: sim.url, token: TOKEN });
      assert.equal(ok, 'rest');
    });
  });
}
