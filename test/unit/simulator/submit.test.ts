// The simulator's job-submission loop over real HTTP: every answer must be the one the
// real LAVA 2023.01 sent (test/simulator/data/submit/, captured by capture.py there).
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { capturedJson, capturedReply, invalidDefinitions, SUBMIT_DIR } from '../../simulator/captured';
import { LavaSimulator } from '../../simulator/server';

const TOKEN = 'admin-token';
const PLAIN = 'plain-token';
const JOB = fs.readFileSync(path.join(SUBMIT_DIR, 'definitions', 'valid-job.yaml'), 'utf8');
const MULTI = fs.readFileSync(path.join(SUBMIT_DIR, 'definitions', 'valid-multinode.yaml'), 'utf8');
const INVALID = [...invalidDefinitions()].filter(([n]) => !n.startsWith('valid-'));

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

async function call(
  url: string,
  init: {
    method?: string;
    token?: string;
    auth?: string;
    json?: unknown;
    form?: Record<string, string>;
    body?: string;
    type?: string;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Token ${init.token}`;
  if (init.auth) headers.Authorization = init.auth;
  let body: string | undefined = init.body;
  if (init.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  } else if (init.type) headers['Content-Type'] = init.type;
  const r = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
  return { status: r.status, headers: r.headers, text: Buffer.from(await r.arrayBuffer()).toString('utf8') };
}

/** The answer equals the captured one: status, body bytes, and every captured header but Date/Server/Connection. */
function assertCaptured(a: Answer, name: string): void {
  const c = capturedReply(name);
  assert.equal(a.status, c.status, `${name}: status`);
  assert.equal(a.text, c.body.toString('utf8'), `${name}: body`);
  for (const [k, v] of Object.entries(c.headers)) assert.equal(a.headers.get(k), v, `${name}: ${k}`);
}

const xmlCall = (method: string, ...params: (string | boolean)[]) =>
  `<?xml version='1.0'?>\n<methodCall>\n<methodName>${method}</methodName>\n<params>\n${params
    .map(
      (p) =>
        `<param>\n<value>${typeof p === 'boolean' ? `<boolean>${p ? 1 : 0}</boolean>` : `<string>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</string>`}</value>\n</param>\n`,
    )
    .join('')}</params>\n</methodCall>\n`;
const basic = (user: string, token: string) => `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;

describe('LAVA simulator: job submission (captured from real LAVA 2023.01)', function () {
  let sim: LavaSimulator;
  beforeEach(async () => {
    sim = await LavaSimulator.start({
      token: TOKEN,
      users: [{ token: PLAIN, user: 'user' }],
      submitted: () => ({ linesPerSecond: 2000, batchIntervalMs: 50, finishDelayMs: 100 }),
    });
  });
  afterEach(async () => {
    await sim?.close();
  });

  it('knows at least 10 invalid definitions, each captured through all three doors', () => {
    assert.ok(INVALID.length >= 10, String(INVALID.length));
    for (const [name] of INVALID) for (const p of ['validate-', 'rpc-validate-', 'submit-']) assert.ok(capturedReply(p + name));
  });

  it('REST validate: valid (form or JSON, anonymous or token), invalid token, GET, empty, not JSON', async () => {
    const v = `${sim.url}/api/v0.2/jobs/validate/`;
    assertCaptured(await call(v, { form: { definition: JOB } }), 'validate-valid-form-anonymous');
    assertCaptured(await call(v, { json: { definition: JOB } }), 'validate-valid-json-anonymous');
    assertCaptured(await call(v, { json: { definition: JOB }, token: TOKEN }), 'validate-valid-json-token');
    assertCaptured(await call(v, { json: { definition: MULTI }, token: TOKEN }), 'validate-multinode');
    assertCaptured(await call(v, { json: { definition: JOB }, token: 'nope' }), 'validate-valid-json-badtoken');
    assertCaptured(await call(v, { token: TOKEN }), 'validate-get');
    assertCaptured(await call(v, { json: { definition: '' }, token: TOKEN }), 'validate-empty');
    assertCaptured(await call(v, { json: {}, token: TOKEN }), 'validate-no-field');
    assertCaptured(await call(v, { body: '{not json', type: 'application/json', token: TOKEN }), 'validate-not-json');
    assertCaptured(await call(v, { json: { definition: 'job_name: [unclosed\n' }, token: TOKEN }), 'validate-not-yaml');
    assertCaptured(await call(v, { json: { definition: 'this is not a job' }, token: TOKEN }), 'validate-plain-text');
  });

  it('REST validate: strict (a form "false" is a non-empty string, so strict)', async () => {
    const v = `${sim.url}/api/v0.2/jobs/validate/`;
    const uk = invalidDefinitions().get('unknown-top-level-key') ?? '';
    assertCaptured(
      await call(v, { json: { definition: uk, strict: true }, token: TOKEN }),
      'validate-unknown-top-level-key-strict-json-true',
    );
    assertCaptured(
      await call(v, { json: { definition: uk, strict: false }, token: TOKEN }),
      'validate-unknown-top-level-key-strict-json-false',
    );
    assertCaptured(
      await call(v, { form: { definition: uk, strict: 'false' }, token: TOKEN }),
      'validate-unknown-top-level-key-strict-form-false',
    );
  });

  it('every invalid definition: REST validate, XML-RPC validate and submit answer as captured', async () => {
    for (const [name, text] of INVALID) {
      assertCaptured(await call(`${sim.url}/api/v0.2/jobs/validate/`, { json: { definition: text }, token: TOKEN }), `validate-${name}`);
      assertCaptured(
        await call(`${sim.url}/RPC2`, { body: xmlCall('scheduler.jobs.validate', text), type: 'text/xml', auth: basic('admin', TOKEN) }),
        `rpc-validate-${name}`,
      );
      const s = await call(`${sim.url}/api/v0.2/jobs/`, { json: { definition: text }, token: TOKEN });
      const c = capturedReply(`submit-${name}`);
      assert.equal(s.status, c.status, name);
      if (c.status !== 201) assertCaptured(s, `submit-${name}`);
    }
    // the real message names the path
    const bad = await call(`${sim.url}/api/v0.2/jobs/`, { json: { definition: invalidDefinitions().get('bad-timeout') }, token: TOKEN });
    assert.equal(
      JSON.parse(bad.text).message,
      "Problem with submitted job data: expected int for dictionary value @ data['timeouts']['job']['minutes']",
    );
  });

  it('XML-RPC validate: {} or {path, msg}, Basic auth only, faults', async () => {
    const rpc = (body: string, auth?: string) => call(`${sim.url}/RPC2`, { body, type: 'text/xml', auth });
    assertCaptured(await rpc(xmlCall('scheduler.jobs.validate', JOB)), 'rpc-validate-valid-anonymous');
    assertCaptured(await rpc(xmlCall('scheduler.jobs.validate', JOB), basic('admin', TOKEN)), 'rpc-validate-valid-token');
    assertCaptured(await rpc(xmlCall('scheduler.jobs.validate', JOB), basic('user', PLAIN)), 'rpc-validate-valid-plain');
    assertCaptured(await rpc(xmlCall('scheduler.jobs.validate', JOB), basic('admin', 'nope')), 'rpc-validate-valid-badtoken');
    assertCaptured(await rpc(xmlCall('scheduler.jobs.validate', JOB), `Token ${TOKEN}`), 'rpc-validate-valid-token-header');
    const uk = invalidDefinitions().get('unknown-top-level-key') ?? '';
    assertCaptured(
      await rpc(xmlCall('scheduler.jobs.validate', uk, true), basic('admin', TOKEN)),
      'rpc-validate-unknown-top-level-key-strict',
    );
    assertCaptured(await rpc(xmlCall('scheduler.jobs.validate', uk, false), basic('admin', TOKEN)), 'rpc-validate-unknown-top-level-key');
    assertCaptured(await rpc(xmlCall('scheduler.jobs.validate', 'job_name: [unclosed\n'), basic('admin', TOKEN)), 'rpc-validate-not-yaml');
    assertCaptured(await rpc(xmlCall('scheduler.jobs.validate', ''), basic('admin', TOKEN)), 'rpc-validate-empty');
    assertCaptured(await rpc(xmlCall('scheduler.jobs.validate'), basic('admin', TOKEN)), 'rpc-validate-no-args');
    assertCaptured(await rpc(xmlCall('scheduler.jobs.no_such_method', JOB), basic('admin', TOKEN)), 'rpc-unknown-method');
    assertCaptured(await rpc('not xml', basic('admin', TOKEN)), 'rpc-not-xml');
    assertCaptured(await call(`${sim.url}/RPC2`), 'rpc-get');
  });

  it('submit: 201 with an integer id, the job runs and carries its definition; 403s; 400s', async () => {
    const s = await call(`${sim.url}/api/v0.2/jobs/`, { json: { definition: JOB }, token: TOKEN });
    assert.equal(s.status, 201);
    const ids = JSON.parse(s.text).job_ids as number[];
    assert.deepEqual(Object.keys(JSON.parse(s.text)), Object.keys(capturedJson('submit-single')));
    assert.equal(typeof ids[0], 'number');
    for (const [k, v] of Object.entries(capturedReply('submit-single').headers))
      if (k !== 'Content-Length') assert.equal(s.headers.get(k), v, k);
    const job = JSON.parse((await call(`${sim.url}/api/v0.2/jobs/${ids[0]}/`, { token: TOKEN })).text);
    const real = capturedJson('job-single-submitted');
    assert.equal(job.definition, real.definition, 'PyYAML re-dump');
    assert.equal(job.original_definition, real.original_definition, 'the text, trailing newline trimmed');
    assert.equal(job.multinode_definition, '');
    assert.equal(job.description, real.description);
    assert.deepEqual(Object.keys(job), Object.keys(real));
    // it runs like the other REST jobs
    for (let i = 0; i < 200 && sim.restJob(String(ids[0])).state() !== 'Finished'; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(sim.restJob(String(ids[0])).finalHealth, 'Complete');
    const logs = await call(`${sim.url}/api/v0.2/jobs/${ids[0]}/logs/`, { token: TOKEN });
    assert.equal(logs.status, 200);

    const S = `${sim.url}/api/v0.2/jobs/`;
    assertCaptured(await call(S, { json: { definition: JOB } }), 'submit-noauth');
    assertCaptured(await call(S, { json: { definition: JOB }, token: 'nope' }), 'submit-badtoken');
    assertCaptured(await call(S, { json: { definition: '' }, token: TOKEN }), 'submit-empty');
    assertCaptured(await call(S, { json: {}, token: TOKEN }), 'submit-no-field');
    assertCaptured(await call(S, { json: { definition: 'job_name: [unclosed\n' }, token: TOKEN }), 'submit-not-yaml');
    assertCaptured(await call(S, { json: { definition: 'this is not a job' }, token: TOKEN }), 'submit-plain-text');
    assertCaptured(await call(S, { body: '{not json', type: 'application/json', token: TOKEN }), 'submit-not-json');
    // other non-YAML text: same status and prefix, the parser's own message
    const other = await call(S, { json: { definition: 'a: b: c: [' }, token: TOKEN });
    assert.equal(other.status, 400);
    assert.match(JSON.parse(other.text).message, /^Problem with submitted job data: Loading job submission failed: /);
  });

  it('an invalid definition LAVA accepts (to: tmpfz) still gets a job (201, like the real server)', async () => {
    const s = await call(`${sim.url}/api/v0.2/jobs/`, {
      json: { definition: invalidDefinitions().get('unknown-deploy-method') },
      token: TOKEN,
    });
    assert.equal(s.status, 201);
    const id = String(JSON.parse(s.text).job_ids[0]);
    assert.equal(sim.restJob(id).health, 'Incomplete');
  });

  it('MultiNode: "N.0"/"N.1" ids, /jobs/N.1/ is 404, sub-jobs by integer id, target_group filter, group cancel', async () => {
    const s = await call(`${sim.url}/api/v0.2/jobs/`, { json: { definition: MULTI }, token: TOKEN });
    assert.equal(s.status, 201);
    const ids = JSON.parse(s.text).job_ids as string[];
    const first = Number(ids[0].split('.')[0]);
    assert.deepEqual(ids, [`${first}.0`, `${first}.1`]);
    assertCaptured(await call(`${sim.url}/api/v0.2/jobs/${ids[1]}/`, { token: TOKEN }), 'job-multinode-dotted-1');
    const j0 = JSON.parse((await call(`${sim.url}/api/v0.2/jobs/${first}/`, { token: TOKEN })).text);
    const j1 = JSON.parse((await call(`${sim.url}/api/v0.2/jobs/${first + 1}/`, { token: TOKEN })).text);
    assert.equal(j0.multinode_definition, capturedJson('job-multinode-0').multinode_definition);
    assert.equal(j1.multinode_definition, j0.multinode_definition);
    assert.match(j0.definition, /role: server\n {4}sub_id: 0\n/);
    assert.match(j1.definition, /role: client\n {4}sub_id: 1\n/);
    const tg = /target_group: (\S+)/.exec(j1.definition)?.[1];
    assert.ok(tg);
    const list = JSON.parse((await call(`${sim.url}/api/v0.2/jobs/?target_group=${tg}`, { token: TOKEN })).text);
    assert.deepEqual(list.results.map((j: { id: number }) => j.id).sort(), [first, first + 1]);
    const byIds = JSON.parse((await call(`${sim.url}/api/v0.2/jobs/?id__gt=${first - 1}`, { token: TOKEN })).text);
    assert.equal(byIds.count, 2);
    // canceling one sub-job cancels the group
    assertCaptured(await call(`${sim.url}/api/v0.2/jobs/${first + 1}/cancel/`, { token: TOKEN }), 'cancel-multinode-sub-job');
    assert.ok(sim.restJob(String(first)).cancelRequested);
    // resubmitting a sub-job resubmits the whole MultiNode job
    const r = await call(`${sim.url}/api/v0.2/jobs/${first + 1}/resubmit/`, { method: 'POST', token: TOKEN });
    assert.equal(r.status, 201);
    assert.deepEqual(JSON.parse(r.text).job_ids, [`${first + 2}.0`, `${first + 2}.1`]);
  });

  it('cancel: GET only, 403 for anonymous and other users unless already Canceling/Finished, 500 for an unknown id', async () => {
    const s = await call(`${sim.url}/api/v0.2/jobs/`, { json: { definition: JOB }, token: TOKEN });
    const id = JSON.parse(s.text).job_ids[0] as number;
    const c = (init: Parameters<typeof call>[1]) => call(`${sim.url}/api/v0.2/jobs/${id}/cancel/`, init);
    assertCaptured(await c({ method: 'POST', token: TOKEN }), 'cancel-post');
    assertCaptured(await c({}), 'cancel-noauth');
    assertCaptured(await c({ token: 'nope' }), 'cancel-badtoken');
    assertCaptured(await c({ token: PLAIN }), 'cancel-plain');
    assert.equal(sim.restJob(String(id)).cancelRequested, false);
    assertCaptured(await c({ token: TOKEN }), 'cancel-running');
    assert.ok(sim.restJob(String(id)).cancelRequested);
    assertCaptured(await c({ token: PLAIN }), 'cancel-canceling-plain');
    assertCaptured(await call(`${sim.url}/api/v0.2/jobs/999999/cancel/`, { token: TOKEN }), 'cancel-unknown');
    const dotted = await call(`${sim.url}/api/v0.2/jobs/${id}.0/cancel/`, { token: TOKEN });
    assert.equal(dotted.status, 404);
    assert.equal(dotted.headers.get('content-type'), 'text/html; charset=utf-8');
  });

  it('resubmit: 201 {"job_ids":[N]} (any user), the old definition becomes original_definition; 403/404/405', async () => {
    const s = await call(`${sim.url}/api/v0.2/jobs/`, { json: { definition: JOB }, token: TOKEN });
    const id = JSON.parse(s.text).job_ids[0] as number;
    const R = `${sim.url}/api/v0.2/jobs/${id}/resubmit/`;
    assertCaptured(await call(R, { token: TOKEN }), 'resubmit-get');
    assertCaptured(await call(R, { method: 'POST' }), 'resubmit-noauth');
    assertCaptured(await call(R, { method: 'POST', token: 'nope' }), 'resubmit-badtoken');
    assertCaptured(await call(`${sim.url}/api/v0.2/jobs/999999/resubmit/`, { method: 'POST', token: TOKEN }), 'resubmit-unknown');
    const r = await call(R, { method: 'POST', token: TOKEN });
    assert.equal(r.status, 201);
    assert.equal(r.text, `{"message":"job(s) successfully submitted","job_ids":[${id + 1}]}`);
    for (const [k, v] of Object.entries(capturedReply('resubmit').headers))
      if (k !== 'Content-Length') assert.equal(r.headers.get(k), v, k);
    const again = JSON.parse((await call(`${sim.url}/api/v0.2/jobs/${id + 1}/`, { token: TOKEN })).text);
    const real = capturedJson('job-resubmitted');
    assert.equal(again.original_definition, real.original_definition);
    assert.equal(again.definition, real.definition);
    const p = await call(R, { method: 'POST', token: PLAIN });
    assert.equal(p.status, 201);
    assert.equal(sim.restJob(String(id + 2)).submitter, 'user');
  });
});
