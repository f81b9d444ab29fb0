// Validating a definition with the server over real HTTP (the simulator replays LAVA 2023.01's answers):
// XML-RPC scheduler.jobs.validate first (it names a path), REST validate when /RPC2 is not there.
import * as assert from 'node:assert/strict';
import { FetchFn } from '../../../../src/core/net/http';
import { readDefinition } from '../../../../src/core/submit/definition';
import { SubmitDeps, validateDefinition, ValidationResult } from '../../../../src/core/submit/validate';
import { LavaSimulator } from '../../../simulator/server';
import { definitionText, INVALID_CASES } from './cases';

const fetch: FetchFn = globalThis.fetch.bind(globalThis);
const TOKEN = 'admin-secret';
const PLAIN = 'plain-secret';

/** A fetch for which /RPC2 does not exist (the request goes to a path the simulator answers 404). */
const withoutRpc: FetchFn = (url, init) => fetch(url.replace(/\/RPC2$/, '/no-rpc2-here'), init);

function problems(r: ValidationResult) {
  assert.equal(r.kind, 'problems', JSON.stringify(r));
  return r.kind === 'problems' ? r.problems : [];
}

describe('validate: against the simulator over HTTP', function () {
  this.timeout(30000);
  let sim: LavaSimulator;
  let deps: SubmitDeps;

  before(async () => {
    sim = await LavaSimulator.start({ token: TOKEN, users: [{ token: PLAIN, user: 'user' }] });
    deps = { fetch, timeoutMs: 10000, credentials: { serverUrl: sim.url, token: TOKEN }, username: 'admin' };
  });
  after(() => sim.close());
  beforeEach(() => sim.requests.splice(0));

  for (const c of INVALID_CASES) {
    const text = definitionText(c.name);
    const line = c.expectedLine(text);
    it(`${c.name}: XML-RPC ${c.rpc === 'valid' ? 'valid' : `line ${line + 1}`}, REST ${c.rest === 'valid' ? 'valid' : `line ${line + 1}`}`, async () => {
      const rpc = await validateDefinition(sim.url, text, deps);
      const rest = await validateDefinition(sim.url, text, deps, { use: 'rest' });
      for (const [r, want, via] of [
        [rpc, c.rpc, 'xmlrpc'],
        [rest, c.rest, 'rest'],
      ] as const) {
        if (want === 'valid') {
          assert.deepEqual(r, { kind: 'valid', via, notes: [] });
          continue;
        }
        const [p] = problems(r);
        assert.equal(r.kind === 'problems' && r.via, via);
        assert.equal(p.range.startLine, line, `${via}: ${p.message}`);
        assert.equal(p.located, via === 'xmlrpc' ? 'path' : 'guess');
        assert.equal(p.path === undefined, via === 'rest', 'only XML-RPC names a path');
      }
    });
  }

  it('sends Basic user:token to /RPC2 and the REST Token header to REST, nothing else', async () => {
    await validateDefinition(sim.url, definitionText('valid-job'), deps);
    await validateDefinition(sim.url, definitionText('valid-job'), deps, { use: 'rest' });
    const [rpc, rest] = sim.requests;
    assert.equal(rpc.path, '/RPC2');
    assert.equal(rpc.authorization, `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`);
    assert.equal(rest.path, '/api/v0.2/jobs/validate/');
    assert.equal(rest.authorization, `Token ${TOKEN}`);
  });

  it('asks /RPC2 anonymously when the user name is not known (a Token header there is a 400)', async () => {
    const r = await validateDefinition(sim.url, definitionText('bad-visibility'), { ...deps, username: undefined });
    assert.equal(problems(r)[0].message, 'not a valid value');
    assert.equal(sim.requests[0].authorization, undefined);
  });

  it('validates a MultiNode definition', async () => {
    assert.deepEqual(await validateDefinition(sim.url, definitionText('valid-multinode'), deps), {
      kind: 'valid',
      via: 'xmlrpc',
      notes: [],
    });
  });

  it('a refused token: /RPC2 401 and REST 403 are asked again anonymously, with a note', async () => {
    const bad = { ...deps, credentials: { serverUrl: sim.url, token: 'wrong' } };
    const rpc = await validateDefinition(sim.url, definitionText('valid-job'), bad);
    assert.equal(rpc.kind, 'valid');
    assert.match(rpc.notes.join(), /refused admin's token on \/RPC2 \(HTTP 401\): validated anonymously/);
    const rest = await validateDefinition(sim.url, definitionText('job-name-not-string'), bad, { use: 'rest' });
    assert.equal(problems(rest)[0].message, 'expected str');
    assert.match(rest.notes.join(), /refused the token \(HTTP 403\): validated anonymously/);
    assert.deepEqual(
      sim.requests.map((r) => [r.path, r.authorization === undefined]),
      [
        ['/RPC2', false],
        ['/RPC2', true],
        ['/api/v0.2/jobs/validate/', false],
        ['/api/v0.2/jobs/validate/', true],
      ],
    );
  });

  it('falls back to REST when /RPC2 is not there (404), and says so', async () => {
    const text = definitionText('unknown-deploy-method');
    const r = await validateDefinition(sim.url, text, { ...deps, fetch: withoutRpc });
    assert.equal(r.kind === 'problems' && r.via, 'rest');
    assert.equal(problems(r)[0].message, 'unknown action type');
    assert.equal(problems(r)[0].range.startLine, text.split('\n').indexOf('    to: tmpfz'));
    assert.match(r.notes.join(), /has no usable \/RPC2: validated with REST/);
    assert.deepEqual(
      await validateDefinition(sim.url, text, { ...deps, fetch: withoutRpc }, { use: 'xmlrpc' }).then((x) => x.kind),
      'error',
    );
  });

  it('reports YAML errors itself: no request (REST would answer a 500 page, XML-RPC a fault)', async () => {
    const r = await validateDefinition(sim.url, 'job_name: [unclosed\n', deps);
    assert.equal(r.kind === 'problems' && r.via, 'yaml');
    assert.equal(problems(r)[0].range.startLine, readDefinition('job_name: [unclosed\n').yamlErrors[0].range.startLine);
    const empty = await validateDefinition(sim.url, '  \n', deps);
    assert.equal(problems(empty)[0].message, 'The definition is empty.');
    assert.equal(sim.requests.length, 0);
  });

  it('text that is YAML but not a mapping: LAVA says "expected a dictionary" at the document start', async () => {
    const r = await validateDefinition(sim.url, '# a note\nthis is not a job\n', deps);
    assert.deepEqual(
      problems(r).map((p) => [p.message, p.range.startLine]),
      [['expected a dictionary', 1]],
    );
  });

  it('a 5xx is an error, not a fallback', async () => {
    sim.fault({ kind: 'http503' });
    const r = await validateDefinition(sim.url, definitionText('valid-job'), deps);
    assert.equal(r.kind, 'error');
    assert.equal(r.kind === 'error' && r.error.kind, 'server');
    assert.equal(sim.requests.length, 1);
  });

  it('offline: a network error', async () => {
    const gone = await LavaSimulator.start({});
    const url = gone.url;
    await gone.close();
    const r = await validateDefinition(url, definitionText('valid-job'), { fetch, timeoutMs: 5000 });
    assert.equal(r.kind === 'error' && r.error.kind, 'network');
  });
});
