/**
 * Hostile network behaviour, row by row (issue 19, holes 6-9): what a server (or whoever answers
 * in its place) does, and the outcome expected. Every row runs over real HTTP against loopback
 * servers, with the time of the request counted on a virtual clock (no real waits):
 * - slow drip bodies end at the request's overall deadline (core/net/http.ts requestDeadlineMs);
 * - a POST is never redirected to another origin (or from https to http), whatever the chain;
 * - job ids from a server (submit/resubmit answers, MultiNode members, the job list) are LAVA ids or refused;
 * - positions from a server (Python repr escapes, "line L, column C") never throw and stay in the document.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { LavaError } from '../../../src/core/net/errors';
import { FetchFn, httpGet, requestDeadlineMs } from '../../../src/core/net/http';
import { listJobs } from '../../../src/core/protocols/rest/jobList';
import { TextRange } from '../../../src/core/submit/definition';
import { fetchTestCases } from '../../../src/core/protocols/rest/testResults';
import { jobDefinition, submitJob } from '../../../src/core/submit/jobActions';
import { resolveNewJobs } from '../../../src/core/submit/definitionAndJobIds';
import { parsePythonList, parseSubmitMessage, positionRange, problemAt } from '../../../src/core/submit/lavaPath';
import { readDefinition } from '../../../src/core/submit/definition';
import { validateDefinition } from '../../../src/core/submit/validate';
import { VirtualClock } from '../helpers';

/** What a server does with a request: answer at once, redirect, or send its body a byte per tick. */
type Reply = { status?: number; body?: string; location?: string; drip?: boolean };

class Server {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly dripping = new Set<http.ServerResponse>();
  reply: (method: string, path: string) => Reply = () => ({ status: 404, body: '{}' });
  readonly seen: { method: string; path: string; body: string }[] = [];
  url = '';
  constructor() {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        this.seen.push({ method: req.method ?? '', path: req.url ?? '/', body });
        const r = this.reply(req.method ?? 'GET', req.url ?? '/');
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (r.location) headers.Location = r.location;
        res.writeHead(r.status ?? 200, headers);
        if (r.drip) {
          res.flushHeaders();
          this.dripping.add(res);
          res.on('close', () => this.dripping.delete(res));
        } else res.end(r.body ?? '');
      });
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  /** One byte to every dripping answer. */
  drip(): void {
    for (const res of this.dripping) res.write(' ');
  }
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let home: Server;
let other: Server;
let clock: VirtualClock;
let cancel: AbortController;
const TIMEOUT_MS = 30_000;
const DRIP_EVERY_MS = 800;
const TOKEN = 'net-secret-token';

/** The outcome of a row: a value (as text) or the LavaError it ended with, and the virtual time it took. */
interface Out {
  value?: string;
  error?: LavaError;
  elapsedMs: number;
}

/**
 * Runs `call` while the clock moves on DRIP_EVERY_MS and every dripping answer gets a byte, tick
 * after tick, until the call settles (at most MAX_TICKS ticks: a row that never ends fails).
 */
const MAX_TICKS = 3000;
async function run(call: () => Promise<string>): Promise<Out> {
  const start = clock.now();
  let settled: { value?: string; error?: unknown } | undefined;
  call().then(
    (value) => (settled = { value }),
    (error: unknown) => (settled = { error }),
  );
  for (let tick = 0; !settled && tick < MAX_TICKS; tick++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (settled) break;
    clock.advance(DRIP_EVERY_MS);
    home.drip();
    other.drip();
  }
  const elapsedMs = clock.now() - start;
  if (!settled) throw new Error(`no outcome after ${elapsedMs / 1000} s of virtual time: the request was never ended`);
  if (settled.error === undefined) return { value: settled.value, elapsedMs };
  if (!(settled.error instanceof LavaError)) throw settled.error;
  return { error: settled.error, elapsedMs };
}

const deps = (more: { fetch?: FetchFn; serverUrl?: string } = {}) => ({
  fetch: more.fetch ?? fetch,
  timeoutMs: TIMEOUT_MS,
  clock,
  credentials: { serverUrl: more.serverUrl ?? home.url, token: TOKEN },
});
/** SubmitDeps do not carry a clock: their requests run on the system clock, and the rows that use them answer at once. */
const submitDeps = () => ({ fetch, timeoutMs: TIMEOUT_MS, credentials: { serverUrl: home.url, token: TOKEN } });

const DEFINITION = 'job_name: net\ndevice_type: qemu\nsecrets:\n  key: do-not-leak\nactions: []\n';
const jobsUrl = () => `${home.url}/api/v0.2/jobs/`;
const submit = () => submitJob(home.url, DEFINITION, submitDeps()).then((o) => (o.kind === 'submitted' ? o.jobIds.join(',') : o.kind));
const post = (url: string) => httpGet(url, { ...deps(), method: 'POST', body: '{"definition": "secrets: x"}' }).then((r) => r.body);
const answerIds = (ids: unknown[]) => () => ({ status: 201, body: JSON.stringify({ message: 'ok', job_ids: ids }) });

/** A MultiNode job "12.0" (pk 12) of group g, and a job list naming member 12.1 with the id `memberId`. */
function multinode(memberId: unknown) {
  const def = (sub: number) =>
    `protocols:\n  lava-multinode:\n    target_group: g\n    sub_id: ${sub}\n    role: r${sub}\n    group_size: 2\n`;
  return (_method: string, path: string): Reply => {
    if (path.startsWith('/api/v0.2/jobs/12/')) return { body: JSON.stringify({ id: 12, definition: def(0) }) };
    if (path.startsWith('/api/v0.2/jobs/?'))
      return {
        body: JSON.stringify({
          count: 2,
          results: [
            { id: 12, definition: def(0) },
            { id: memberId, definition: def(1) },
          ],
        }),
      };
    return { status: 404, body: '{}' };
  };
}
const newJobs = () => resolveNewJobs(home.url, ['12.0', '12.1'], submitDeps()).then((jobs) => JSON.stringify(jobs));

const jobEntry = (id: unknown) => ({
  id,
  description: 'd',
  submitter: 's',
  state: 'Finished',
  health: 'Complete',
  requested_device_type: null,
  actual_device: null,
  submit_time: null,
  start_time: null,
  end_time: null,
});
const listIds = () => listJobs(home.url, {}, deps()).then((p) => p.jobs.map((j) => j.id).join(','));

const DOC = readDefinition('job_name: x\ndevice_type: qemu\nactions:\n- deploy:\n    to: tmpfs\n');
const lastLine = DOC.text.split('\n').length - 1;
/** The range a "line L, column C" message of a submit 400 is placed on. */
const placeSubmit = (message: string) => async () => JSON.stringify(problemAt(DOC, parseSubmitMessage(message)).range);
const rpcPath = (path: string) =>
  `<?xml version="1.0"?><methodResponse><params><param><value><struct><member><name>path</name><value><string>${path}</string></value></member><member><name>msg</name><value><string>bad</string></value></member></struct></value></param></params></methodResponse>`;
const rpcFault = (message: string) =>
  `<?xml version="1.0"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>-32603</int></value></member><member><name>faultString</name><value><string>${message}</string></value></member></struct></value></fault></methodResponse>`;
/** Validates DOC over XML-RPC, /RPC2 answering `xml`: the first problem's range. */
const validateWith = (xml: string) => async () => {
  home.reply = (_m, path) => (path === '/RPC2' ? { status: 200, body: xml } : { status: 404, body: '{}' });
  const r = await validateDefinition(home.url, DOC.text, submitDeps());
  if (r.kind !== 'problems') return r.kind === 'error' ? `error ${r.error.message}` : r.kind;
  return JSON.stringify({ message: r.problems[0].message, path: r.problems[0].path, range: r.problems[0].range });
};

const inDocument = (range: TextRange) =>
  range.startLine >= 0 && range.startCol >= 0 && range.endLine >= range.startLine && range.startLine <= lastLine && range.endCol >= 0;

interface Expect {
  /** 'value' or 'error <kind>'. */
  outcome: string;
  message?: RegExp;
  value?: string | RegExp;
  check?: (out: Out) => void;
}

/** Ended at the deadline: not before it, and within a few ticks after it. */
const atDeadline = (ms: number) => (o: Out) => {
  assert.ok(o.elapsedMs >= ms && o.elapsedMs < ms + 60_000, `ended after ${o.elapsedMs / 1000} s, the deadline is ${ms / 1000} s`);
  assert.match(o.error?.message ?? '', new RegExp(`took more than ${Math.round(ms / 1000)} s`));
};

// Each row: its setup (the servers' replies) and its call.
type Row = [string, () => void, () => Promise<string>, Expect];

// prettier-ignore
const ROWS: Row[] = [
  // --- slow drip bodies: every request ends by its deadline (hole 6) ------------------------------------------------
  ['drip: a GET body, a byte every 0.8 s (1 MB cap)',       () => (home.reply = () => ({ drip: true })), () => httpGet(`${home.url}/x`, { ...deps(), maxBodyBytes: 1 << 20 }).then((r) => r.body), { outcome: 'error timeout', check: atDeadline(requestDeadlineMs({ timeoutMs: TIMEOUT_MS, maxBodyBytes: 1 << 20 })) }],
  ['drip: a GET body with the default 64 MB cap',           () => (home.reply = () => ({ drip: true })), () => httpGet(`${home.url}/x`, deps()).then((r) => r.body), { outcome: 'error timeout', check: atDeadline(requestDeadlineMs({ timeoutMs: TIMEOUT_MS })) }],
  ['drip: a POST answer (a submit), 16 MB cap',             () => (home.reply = () => ({ status: 201, drip: true })), () => httpGet(jobsUrl(), { ...deps(), method: 'POST', body: '{}', maxBodyBytes: 16 << 20 }).then((r) => r.body), { outcome: 'error timeout', check: atDeadline(requestDeadlineMs({ timeoutMs: TIMEOUT_MS, maxBodyBytes: 16 << 20, body: '{}' })) }],
  ['drip: an error page (HTTP 500) dripped',                () => (home.reply = () => ({ status: 500, drip: true })), () => httpGet(`${home.url}/x`, { ...deps(), maxBodyBytes: 1 << 20 }).then((r) => r.body), { outcome: 'error server', check: (o) => assert.ok(o.elapsedMs < requestDeadlineMs({ timeoutMs: TIMEOUT_MS, maxBodyBytes: 1 << 20 }) + 60_000) }],
  ['drip: after a same-origin redirect',                    () => (home.reply = (_m, p) => (p === '/a' ? { status: 302, location: '/b' } : { drip: true })), () => httpGet(`${home.url}/a`, { ...deps(), maxBodyBytes: 1 << 20 }).then((r) => r.body), { outcome: 'error timeout', check: atDeadline(requestDeadlineMs({ timeoutMs: TIMEOUT_MS, maxBodyBytes: 1 << 20 })) }],
  // --- a cancelled progress notification aborts its request at once (Submit, Open Job Definition, Show Results) --------
  ['cancel: Submit while its answer drips',                 () => (home.reply = () => { cancel.abort(); return { status: 201, drip: true }; }), () => submitJob(home.url, DEFINITION, { ...submitDeps(), signal: cancel.signal }).then((o) => o.kind), { outcome: 'error aborted', check: (o) => assert.ok(o.elapsedMs < 10_000) }],
  ['cancel: Open Job Definition while its answer drips',    () => (home.reply = () => { cancel.abort(); return { drip: true }; }), () => jobDefinition(home.url, '5', { ...submitDeps(), signal: cancel.signal }).then((d) => d.definition), { outcome: 'error aborted', check: (o) => assert.ok(o.elapsedMs < 10_000) }],
  ['cancel: Show Results while its answer drips',           () => (home.reply = () => { cancel.abort(); return { drip: true }; }), () => fetchTestCases(home.url, '5', { fetch, timeoutMs: TIMEOUT_MS, signal: cancel.signal }).then((r) => String(r.cases.length)), { outcome: 'error aborted', check: (o) => assert.ok(o.elapsedMs < 10_000) }],
  // --- redirects of a POST across origins and schemes (hole 7) ------------------------------------------------------
  ['redirect: submit 307 to another port (definition not re-sent, no job ids taken)', () => { home.reply = () => ({ status: 307, location: `${other.url}/api/v0.2/jobs/` }); other.reply = answerIds([666]); }, submit, { outcome: 'error http', message: /redirected a POST to another server .*not followed/, check: () => assert.equal(other.seen.length, 0) }],
  ['redirect: submit 308 to another host name (localhost)', () => { home.reply = () => ({ status: 308, location: `http://localhost:${new URL(home.url).port}/api/v0.2/jobs/` }); }, submit, { outcome: 'error http', message: /redirected a POST to another server \(http:\/\/localhost:/ }],
  ['redirect: submit 303 to another origin (its job ids not taken)', () => { home.reply = () => ({ status: 303, location: `${other.url}/ids` }); other.reply = answerIds([666]); }, submit, { outcome: 'error http', message: /redirected a POST/, check: () => assert.equal(other.seen.length, 0) }],
  ['redirect: POST 307 same origin, then 307 to another',   () => { home.reply = (_m, p) => (p === '/a' ? { status: 307, location: '/b' } : { status: 307, location: `${other.url}/c` }); }, () => post(`${home.url}/a`), { outcome: 'error http', message: /redirected a POST to another server/, check: () => { assert.equal(home.seen.length, 2); assert.equal(other.seen.length, 0); } }],
  ['redirect: POST 302 → GET on the same origin, then to another', () => { home.reply = (_m, p) => (p === '/a' ? { status: 302, location: '/b' } : { status: 302, location: `${other.url}/c` }); }, () => post(`${home.url}/a`), { outcome: 'error http', message: /redirected a POST/, check: () => assert.equal(other.seen.length, 0) }],
  ['redirect: POST from http to https on the same host',    () => { home.reply = () => ({ status: 308, location: `https://127.0.0.1:${new URL(home.url).port}/api/v0.2/jobs/` }); }, () => post(jobsUrl()), { outcome: 'error http', message: /another server \(https:\/\/127\.0\.0\.1/ }],
  ['redirect: POST from https to http (behind TLS)',        () => { home.reply = () => ({ status: 307, location: `${home.url}/api/v0.2/jobs/` }); }, () => { const tls = `https://127.0.0.1:${new URL(home.url).port}`; return httpGet(`${tls}/api/v0.2/jobs/`, { ...deps({ fetch: (i, init) => fetch(String(i).replace(tls, home.url), init), serverUrl: tls }), method: 'POST', body: '{}' }).then((r) => r.body); }, { outcome: 'error http', message: /from https to http/ }],
  ['redirect: GET with a token from https to http',         () => { home.reply = (_m, p) => (p === '/a' ? { status: 301, location: `${home.url}/b` } : { body: '"anonymous answer"' }); }, () => { const tls = `https://127.0.0.1:${new URL(home.url).port}`; return httpGet(`${tls}/a`, deps({ fetch: (i, init) => fetch(String(i).replace(tls, home.url), init), serverUrl: tls })).then((r) => r.body); }, { outcome: 'error http', message: /from https to http .*not followed/, check: () => assert.equal(home.seen.length, 1) }],
  ['redirect: a POST redirected to a javascript: URL',      () => { home.reply = () => ({ status: 307, location: 'javascript:alert(1)' }); }, () => post(jobsUrl()), { outcome: 'error bad-response', message: /javascript: address/ }],
  // --- job ids from a server (hole 8) ---------------------------------------------------------------------------------
  ['ids: submit answers "1/../2"',                          () => (home.reply = answerIds(['1/../2'])), submit, { outcome: 'error bad-response', message: /not one/ }],
  ['ids: submit answers "1.2.3"',                           () => (home.reply = answerIds(['1.2.3'])), submit, { outcome: 'error bad-response' }],
  ['ids: submit answers fullwidth digits "１２"',           () => (home.reply = answerIds(['１２'])), submit, { outcome: 'error bad-response' }],
  ['ids: submit answers 1e300',                             () => (home.reply = answerIds([1e300])), submit, { outcome: 'error bad-response' }],
  ['ids: submit answers -5',                                () => (home.reply = answerIds([-5])), submit, { outcome: 'error bad-response' }],
  ['ids: submit answers 2^53 + 1 (not exact in JavaScript)', () => (home.reply = () => ({ status: 201, body: '{"job_ids": [9007199254740993]}' })), submit, { outcome: 'error bad-response' }],
  ['ids: submit answers "12.0", "12.1" (MultiNode)',        () => (home.reply = answerIds(['12.0', '12.1'])), submit, { outcome: 'value', value: '12.0,12.1' }],
  ['ids: MultiNode member id "13/../1" from the job list',  () => (home.reply = multinode('13/../1')), newJobs, { outcome: 'value', check: (o) => { const jobs = JSON.parse(o.value!) as { id: string; unresolved?: string }[]; assert.ok(!jobs.some((j) => j.id.includes('/')), o.value); assert.ok(jobs[1].unresolved, o.value); } }],
  ['ids: MultiNode member id 1e21 from the job list',       () => (home.reply = multinode(1e21)), newJobs, { outcome: 'value', check: (o) => assert.ok(!o.value!.includes('e+'), o.value) }],
  ['ids: MultiNode member id 13 (a LAVA id)',               () => (home.reply = multinode(13)), newJobs, { outcome: 'value', check: (o) => assert.deepEqual((JSON.parse(o.value!) as { id: string }[]).map((j) => j.id), ['12', '13']) }],
  ['ids: the job list has ids -1, 1.5, 1e300 and 7',        () => (home.reply = () => ({ body: JSON.stringify({ count: 4, next: null, results: [-1, 1.5, 1e300, 7].map(jobEntry) }) })), listIds, { outcome: 'value', value: '7' }],
  // --- positions from a server: never thrown, always in the document (hole 9) ---------------------------------------
  ['repr: XML-RPC path with \\U7fffffff',                  () => undefined, validateWith(rpcPath("['actions', '\\U7fffffff']")), { outcome: 'value', check: (o) => assert.match(o.value!, /"path":\["actions","\\\\U7fffffff"\]/) }],
  ['repr: XML-RPC path with \\U0010ffff and \\x41',        () => undefined, validateWith(rpcPath("['job_name\\x41', '\\U0010ffff']")), { outcome: 'value', check: (o) => assert.match(o.value!, /"path":\["job_nameA","\u{10ffff}"\]/u) }],
  ['repr: a huge int index in the path',                    () => undefined, validateWith(rpcPath("['actions', 99999999999999999999999]")), { outcome: 'value', check: (o) => assert.ok(inDocument((JSON.parse(o.value!) as { range: TextRange }).range), o.value) }],
  ['repr: a negative index in the path',                    () => undefined, validateWith(rpcPath("['actions', -1]")), { outcome: 'value', check: (o) => assert.ok(inDocument((JSON.parse(o.value!) as { range: TextRange }).range), o.value) }],
  ['position: XML-RPC fault at "line 0, column 0"',         () => undefined, validateWith(rpcFault('while parsing a block mapping in "&lt;unicode string&gt;", line 0, column 0')), { outcome: 'value', check: (o) => assert.deepEqual((JSON.parse(o.value!) as { range: TextRange }).range, { startLine: 0, startCol: 0, endLine: 0, endCol: 1 }) }],
  ['position: submit "line 0, column 0"',                   () => undefined, placeSubmit('Problem with submitted job data: line 0, column 0'), { outcome: 'value', value: JSON.stringify({ startLine: 0, startCol: 0, endLine: 0, endCol: 1 }) }],
  ['position: submit line 10^30 and column 10^30',          () => undefined, placeSubmit(`x: line ${'9'.repeat(30)}, column ${'9'.repeat(30)}`), { outcome: 'value', check: (o) => { const r = JSON.parse(o.value!) as TextRange; assert.ok(inDocument(r), o.value); assert.equal(r.startLine, lastLine); } }],
  ['position: column past the end of its line',             () => undefined, placeSubmit('x: line 1, column 500'), { outcome: 'value', value: JSON.stringify({ startLine: 0, startCol: 11, endLine: 0, endCol: 11 }) }],
  ['position: line -1, column -1 (placed directly)',        () => undefined, async () => JSON.stringify(positionRange(DOC, { line: -1, col: -1 })), { outcome: 'value', value: JSON.stringify({ startLine: 0, startCol: 0, endLine: 0, endCol: 1 }) }],
  ['position: NaN and Infinity (placed directly)',          () => undefined, async () => JSON.stringify(positionRange(DOC, { line: NaN, col: Infinity })), { outcome: 'value', value: JSON.stringify({ startLine: 0, startCol: 11, endLine: 0, endCol: 11 }) }],
  ['repr: parsePythonList of \\U7fffffff and \\U00110000', () => undefined, async () => JSON.stringify(parsePythonList("['\\U7fffffff', '\\U00110000', '\\u00e9']")), { outcome: 'value', value: JSON.stringify(['\\U7fffffff', '\\U00110000', 'é']) }],
];

describe('hostile network: deadlines, POST redirects, server job ids, server positions', function () {
  this.timeout(60_000);
  before(async () => {
    home = new Server();
    other = new Server();
    await home.start();
    await other.start();
  });
  after(async () => {
    await home.close();
    await other.close();
  });

  it('has at least 15 rows', () => assert.ok(ROWS.length >= 15));

  for (const [name, setup, call, expect] of ROWS) {
    it(name, async () => {
      clock = new VirtualClock();
      cancel = new AbortController();
      home.seen.length = 0;
      other.seen.length = 0;
      home.reply = () => ({ status: 404, body: '{}' });
      other.reply = () => ({ status: 404, body: '{}' });
      setup();
      const out = await run(call);
      const got = out.error ? `error ${out.error.kind}` : 'value';
      assert.equal(got, expect.outcome, out.error?.message ?? out.value);
      if (expect.message) assert.match(out.error?.message ?? out.value ?? '', expect.message);
      if (typeof expect.value === 'string') assert.equal(out.value, expect.value);
      else if (expect.value) assert.match(out.value ?? '', expect.value);
      // Whatever the row, no message carries the token or the definition's secrets.
      for (const text of [out.error?.message ?? '', out.value ?? '']) {
        assert.ok(!text.includes(TOKEN) && !text.includes('do-not-leak'), text);
      }
      expect.check?.(out);
    });
  }
});
