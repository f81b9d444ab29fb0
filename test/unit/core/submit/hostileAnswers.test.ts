// The odd and hostile answers of the submit endpoints, as LAVA 2023.01 really sent them
// (test/simulator/data/submit/), each turned into a clear message. A table: the request the
// client makes, the captured answer(s) it gets, what the caller sees.
import * as assert from 'node:assert/strict';
import { LavaError } from '../../../../src/core/net/errors';
import { FetchFn } from '../../../../src/core/net/http';
import { cancelJob, resubmitJob, submitJob } from '../../../../src/core/submit/jobActions';
import { SubmitDeps, validateDefinition } from '../../../../src/core/submit/validate';
import { capturedReply } from '../../../simulator/captured';
import { Reply } from '../../../simulator/respond';
import { definitionText } from './cases';

const SERVER = 'http://lava.test';
const TOKEN = 'secret';

/** A fetch answering "METHOD /path" from a table of captured answers (or literal replies); anything else is a 599. */
function replaying(table: Record<string, string | Reply>, seen: string[]): FetchFn {
  return async (url, init) => {
    const u = new URL(url);
    const key = `${init?.method ?? 'GET'} ${u.pathname}`;
    seen.push(`${key}${(init?.headers as Record<string, string>)?.Authorization ? ' (auth)' : ''}`);
    const r = table[key];
    if (r === undefined) return new Response(`no answer for ${key}`, { status: 599 });
    const reply = typeof r === 'string' ? capturedReply(r) : r;
    const body =
      reply.status === 204 || reply.status === 304 ? null : typeof reply.body === 'string' ? reply.body : new Uint8Array(reply.body);
    return new Response(body, { status: reply.status, headers: reply.headers });
  };
}

const html = (status: number, text: string, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers },
  body: text,
});
const json = (status: number, value: unknown): Reply => ({
  status,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(value),
});

const VALIDATE = 'POST /api/v0.2/jobs/validate/';
const RPC = 'POST /RPC2';
const SUBMIT = 'POST /api/v0.2/jobs/';

type Outcome = { message: string; kind?: string; line?: number; via?: string; notes?: string };

interface Row {
  what: string;
  answers: Record<string, string | Reply>;
  call: (deps: SubmitDeps) => Promise<unknown>;
  /** What the caller sees: a LavaError's kind and message, or a result's first problem. */
  expect: { kind: string; message: RegExp; line?: number; via?: string; notes?: RegExp };
  /** The requests made, in order (" (auth)" when an Authorization header was sent). */
  requests?: string[];
}

const valid = definitionText('valid-job');
const validate = (use?: 'rest' | 'xmlrpc') => (deps: SubmitDeps) => validateDefinition(SERVER, valid, deps, { use });

const ROWS: Row[] = [
  {
    what: 'REST validate of text LAVA cannot read as YAML: a 500 HTML page',
    answers: { [VALIDATE]: 'validate-not-yaml' },
    call: validate('rest'),
    expect: {
      kind: 'server',
      message: /failed validating the definition \(HTTP 500; LAVA's REST validate fails like this on text it cannot read as YAML\)/,
    },
  },
  {
    what: 'REST validate of an empty definition: 400 with a string, not a list',
    answers: { [VALIDATE]: 'validate-empty' },
    call: validate('rest'),
    expect: { kind: 'problems', message: /^definition: Test job definition is required\.$/, line: 10 },
  },
  {
    what: 'submit of an empty definition: 400 with a list',
    answers: { [SUBMIT]: 'submit-empty' },
    call: (deps) => submitJob(SERVER, valid, deps),
    expect: { kind: 'rejected', message: /^definition: This field may not be blank\.$/, line: 10 },
  },
  {
    what: 'submit of a malformed JSON body: 400 with DRF detail',
    answers: { [SUBMIT]: 'submit-not-json' },
    call: (deps) => submitJob(SERVER, valid, deps),
    expect: { kind: 'rejected', message: /^JSON parse error - Expecting property name/ },
  },
  {
    what: 'REST validate with an invalid token: 403 even though validate is AllowAny (asked again anonymously, still 403)',
    answers: { [VALIDATE]: 'validate-valid-json-badtoken' },
    call: validate('rest'),
    expect: {
      kind: 'unauthorized',
      message: /refused access \(HTTP 403\) \(Invalid token\.\)/,
      notes: /refused the token \(HTTP 403\): validated anonymously/,
    },
    requests: [`${VALIDATE} (auth)`, VALIDATE],
  },
  {
    what: 'submit without a token: 403 "credentials were not provided"',
    answers: { [SUBMIT]: 'submit-noauth' },
    call: (deps) => submitJob(SERVER, valid, deps),
    expect: {
      kind: 'unauthorized',
      message: /^http:\/\/lava\.test needs a token to submit a job: set one\. \(LAVA: Authentication credentials were not provided\.\)$/,
    },
  },
  {
    what: 'submit with a bad token: 403 "Invalid token."',
    answers: { [SUBMIT]: 'submit-badtoken' },
    call: (deps) => submitJob(SERVER, valid, deps),
    expect: { kind: 'unauthorized', message: /^http:\/\/lava\.test refused the token: set it again\. \(LAVA: Invalid token\.\)$/ },
  },
  {
    what: 'cancel by someone else: 403 "You do not have permission"',
    answers: { 'GET /api/v0.2/jobs/9/cancel/': 'cancel-plain' },
    call: (deps) => cancelJob(SERVER, '9', deps),
    expect: { kind: 'unauthorized', message: /^You may not cancel job 9 on http:\/\/lava\.test: only its submitter or an admin may/ },
  },
  {
    what: 'resubmit without a token: 403',
    answers: { 'POST /api/v0.2/jobs/9/resubmit/': 'resubmit-noauth' },
    call: (deps) => resubmitJob(SERVER, '9', deps),
    expect: { kind: 'unauthorized', message: /needs a token to resubmit job 9/ },
  },
  {
    what: "XML-RPC validate of text PyYAML cannot read: fault -32603, placed at PyYAML's mark",
    answers: { [RPC]: 'rpc-validate-not-yaml' },
    call: validate(),
    expect: {
      kind: 'problems',
      via: 'xmlrpc',
      message: /^LAVA could not validate the definition \(XML-RPC fault -32603\): while parsing a flow sequence/,
      line: 1,
    },
  },
  {
    what: 'XML-RPC fault -32603 without a position',
    answers: { [RPC]: 'rpc-validate-int' },
    call: validate(),
    expect: { kind: 'problems', message: /fault -32603\): a string or stream input is required$/, line: 10 },
  },
  {
    what: 'XML-RPC without scheduler.jobs.validate (fault -32601): REST instead',
    answers: { [RPC]: 'rpc-unknown-method', [VALIDATE]: 'validate-bad-visibility' },
    call: (deps) => validateDefinition(SERVER, definitionText('bad-visibility'), deps),
    expect: { kind: 'problems', via: 'rest', message: /^not a valid value$/, line: 4, notes: /no usable \/RPC2/ },
  },
  {
    what: '/RPC2 refusing the REST Token header (400 HTML): REST instead',
    answers: { [RPC]: 'rpc-validate-valid-token-header', [VALIDATE]: 'validate-valid-json-token' },
    call: validate(),
    expect: { kind: 'valid', via: 'rest', message: /^$/, notes: /no usable \/RPC2/ },
  },
  {
    what: '/RPC2 redirected to a web page (302 then HTML 200): REST instead',
    answers: {
      [RPC]: 'rpc-get',
      'GET /api/help/': html(200, '<!DOCTYPE html><html><body>API help</body></html>'),
      [VALIDATE]: 'validate-valid-json-token',
    },
    call: validate(),
    expect: { kind: 'valid', via: 'rest', message: /^$/ },
    requests: [RPC, 'GET /api/help/', `${VALIDATE} (auth)`],
  },
  {
    what: 'XML-RPC with a wrong token: 401 text/html, asked again anonymously',
    answers: { [RPC]: 'rpc-validate-valid-badtoken' },
    call: (deps) => validateDefinition(SERVER, valid, { ...deps, username: 'admin' }),
    expect: { kind: 'unauthorized', message: /refused access \(HTTP 401\)/, notes: /refused admin's token on \/RPC2 \(HTTP 401\)/ },
    requests: [`${RPC} (auth)`, RPC],
  },
  {
    what: 'cancel with POST: 405 (LAVA 2023.01 cancels on GET only)',
    answers: { 'GET /api/v0.2/jobs/9/cancel/': 'cancel-post' },
    call: (deps) => cancelJob(SERVER, '9', deps),
    expect: {
      kind: 'http',
      message: /does not allow the request we sent to cancel job 9 \(HTTP 405\) \(LAVA: Method "POST" not allowed\.\)/,
    },
  },
  {
    what: 'cancel answered 405 by a LAVA that wants POST (Allow: POST): asked again with POST',
    answers: {
      'GET /api/v0.2/jobs/9/cancel/': {
        ...json(405, { detail: 'Method "GET" not allowed.' }),
        headers: { 'Content-Type': 'application/json', Allow: 'POST, OPTIONS' },
      },
      'POST /api/v0.2/jobs/9/cancel/': 'cancel-running',
    },
    call: async (deps) => ({ message: await cancelJob(SERVER, '9', deps) }),
    expect: { kind: 'value', message: /^Job cancel signal sent\.$/ },
  },
  {
    what: "cancel of an unknown id: LAVA's 500 HTML page, then the job's 404",
    answers: { 'GET /api/v0.2/jobs/999999/cancel/': 'cancel-unknown', 'GET /api/v0.2/jobs/999999/': json(404, { detail: 'Not found.' }) },
    call: (deps) => cancelJob(SERVER, '999999', deps),
    expect: { kind: 'not-found', message: /^No job 999999 on http:\/\/lava\.test \(LAVA answered its cancel with an HTTP 500 page\)\.$/ },
  },
  {
    what: 'cancel answered 500 for a job that exists: a server failure',
    answers: { 'GET /api/v0.2/jobs/9/cancel/': 'cancel-unknown', 'GET /api/v0.2/jobs/9/': 'job-single-running' },
    call: (deps) => cancelJob(SERVER, '9', deps),
    expect: { kind: 'server', message: /^http:\/\/lava\.test failed canceling job 9 \(HTTP 500\)\.$/ },
  },
  {
    what: 'cancel of a path no URL matches: 404 HTML',
    answers: { 'GET /api/v0.2/jobs/9/cancel/': 'cancel-dotted' },
    call: (deps) => cancelJob(SERVER, '9', deps),
    expect: { kind: 'not-found', message: /^Cannot cancel job 9: not found on http:\/\/lava\.test \(an HTML page\)\.$/ },
  },
  {
    what: 'resubmit of an unknown id: 404 {"detail": "Not found."}',
    answers: { 'POST /api/v0.2/jobs/999999/resubmit/': 'resubmit-unknown' },
    call: (deps) => resubmitJob(SERVER, '999999', deps),
    expect: { kind: 'not-found', message: /^Cannot resubmit job 999999: not found on http:\/\/lava\.test \(LAVA: Not found\.\)\.$/ },
  },
  {
    what: 'a sign-in page (HTML 200) where the submit answer should be',
    answers: { [SUBMIT]: html(200, '<!DOCTYPE html><html><head><title>Sign in</title></head></html>') },
    call: (deps) => submitJob(SERVER, valid, deps),
    expect: { kind: 'bad-response', message: /^The submit answer has no job ids\.$/ },
  },
  {
    what: 'job ids that are not ids',
    answers: { [SUBMIT]: json(201, { message: 'job(s) successfully submitted', job_ids: [{ id: 1 }] }) },
    call: (deps) => submitJob(SERVER, valid, deps),
    expect: { kind: 'bad-response', message: /has a job id that is not one: \{"id":1\}/ },
  },
  {
    what: 'REST validate answering something that is not {"message": …}',
    answers: { [VALIDATE]: json(200, { ok: true }) },
    call: validate('rest'),
    expect: { kind: 'bad-response', message: /REST validate answer of http:\/\/lava\.test is not LAVA's \{"message": …\}/ },
  },
];

/** The caller's view of a call: a LavaError, a validation result, a submit outcome or a value. */
async function outcome(p: Promise<unknown>): Promise<Outcome> {
  let v: unknown;
  try {
    v = await p;
  } catch (err) {
    assert.ok(err instanceof LavaError, `not a LavaError: ${String(err)}`);
    return { kind: err.kind, message: err.message };
  }
  const r = v as {
    kind?: string;
    error?: LavaError;
    problems?: { message: string; range: { startLine: number } }[];
    via?: string;
    notes?: string[];
    message?: string;
  };
  const notes = r.notes?.join(' ');
  if (r.kind === 'error' && r.error) return { kind: r.error.kind, message: r.error.message, notes };
  if (r.problems?.length) return { kind: r.kind, message: r.problems[0].message, line: r.problems[0].range.startLine, via: r.via, notes };
  if (r.kind) return { kind: r.kind, message: r.message ?? '', via: r.via, notes };
  return { kind: 'value', message: r.message ?? '' };
}

describe('hostile answers of the submit endpoints (captured from LAVA 2023.01)', () => {
  for (const row of ROWS) {
    it(row.what, async () => {
      const seen: string[] = [];
      const deps: SubmitDeps = { fetch: replaying(row.answers, seen), timeoutMs: 5000, credentials: { serverUrl: SERVER, token: TOKEN } };
      const got = await outcome(row.call(deps));
      assert.equal(got.kind, row.expect.kind, JSON.stringify(got));
      assert.match(got.message, row.expect.message);
      assert.doesNotMatch(got.message, new RegExp(TOKEN), 'never the token');
      if (row.expect.line !== undefined) assert.equal(got.line, row.expect.line, got.message);
      if (row.expect.via !== undefined) assert.equal(got.via, row.expect.via);
      if (row.expect.notes !== undefined) assert.match(got.notes ?? '', row.expect.notes);
      if (row.requests) assert.deepEqual(seen, row.requests);
    });
  }
});
