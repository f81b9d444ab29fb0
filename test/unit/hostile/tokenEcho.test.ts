/**
 * Issue 19, hole 2: a server or proxy that quotes the request it got (its Authorization header,
 * `Token <t>` or XML-RPC's `Basic base64(user:token)`, or the token alone) gets the token into no
 * message of submit, cancel, resubmit or validate: not a LavaError, not a rejection, not a
 * Problems entry, not the notification text built from them.  A loopback server echoes every
 * request's Authorization header in each kind of answer those calls read.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { FetchFn } from '../../../src/core/net/http';
import { cancelJob, resubmitJob, submitJob, SubmitDeps } from '../../../src/core/submit/jobActions';
import { validateDefinition } from '../../../src/core/submit/validate';
import { plainNotification } from '../../../src/core/untrusted/plainForSurface';
import { actionFailedText, cancelSentText, submitFailedText, submitRefusedText } from '../../../src/core/text/submitText';
import { definitionText } from '../core/submit/cases';

const fetch: FetchFn = globalThis.fetch.bind(globalThis);
const TOKEN = 'sEcReT-0f9d2c7a61b84e55a3c1';
const USER = 'alice';
const BASIC = Buffer.from(`${USER}:${TOKEN}`).toString('base64');

/** Everything that would reveal the token. */
function assertNoToken(what: string, text: string): void {
  assert.ok(!text.includes(TOKEN), `${what} shows the token: ${text}`);
  assert.ok(!text.includes(BASIC.replace(/=+$/, '')), `${what} shows Basic user:token: ${text}`);
}

type Answer = { status: number; type?: string; body: string };
/** How the server answers, given the Authorization header it got (echoed in every answer). */
let route: (method: string, path: string, auth: string) => Answer;

describe('hostile: a server that echoes the token gets it into no submit, cancel, resubmit or validate message', function () {
  this.timeout(20000);
  let server: http.Server;
  let url = '';
  let deps: SubmitDeps;

  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      const a = route(req.method ?? 'GET', (req.url ?? '/').split('?')[0], req.headers.authorization ?? '');
      res.writeHead(a.status, { 'Content-Type': a.type ?? 'application/json' });
      res.end(a.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    deps = { fetch, timeoutMs: 5000, credentials: { serverUrl: url, token: TOKEN }, username: USER };
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const json = (status: number, body: unknown): Answer => ({ status, body: JSON.stringify(body) });
  /** What a quoting proxy or server says: the header, the token alone, the Basic value alone. */
  const quote = (auth: string) => `you sent "Authorization: ${auth}" (token ${TOKEN}, basic ${BASIC})`;

  const SUBMIT_CASES: [string, (auth: string) => Answer][] = [
    ['400 message', (auth) => json(400, { message: `job_name: ${quote(auth)}` })],
    ['400 field errors', (auth) => json(400, { definition: [quote(auth)] })],
    ['401 detail', (auth) => json(401, { detail: quote(auth) })],
    ['403 detail', (auth) => json(403, { detail: quote(auth) })],
    ['404 detail', (auth) => json(404, { detail: quote(auth) })],
    ['405 detail', (auth) => json(405, { detail: quote(auth) })],
    ['418 detail', (auth) => json(418, { detail: quote(auth) })],
    ['201 message and ids', (auth) => json(201, { message: quote(auth), job_ids: [7] })],
  ];
  for (const [name, answer] of SUBMIT_CASES) {
    it(`submit, ${name}`, async () => {
      route = (_m, _p, auth) => answer(auth);
      try {
        const outcome = await submitJob(url, definitionText('valid-job'), deps);
        assertNoToken('the outcome', JSON.stringify(outcome));
        if (outcome.kind === 'rejected')
          assertNoToken('the notification', plainNotification(submitRefusedText('lab', outcome.message, true)));
      } catch (err) {
        assertNoToken('the error', (err as Error).message);
        assertNoToken('the notification', plainNotification(submitFailedText('lab', (err as Error).message)));
      }
    });
  }

  const CANCEL_CASES: [string, (auth: string) => Answer][] = [
    ['200 message', (auth) => json(200, { message: quote(auth) })],
    ['403 detail', (auth) => json(403, { detail: quote(auth) })],
    ['400 message', (auth) => json(400, { message: quote(auth) })],
    ['an HTML page', (auth) => ({ status: 403, type: 'text/html', body: `<html><body>${quote(auth)}</body></html>` })],
  ];
  for (const [name, answer] of CANCEL_CASES) {
    it(`cancel, ${name}`, async () => {
      route = (_m, _p, auth) => answer(auth);
      try {
        const said = await cancelJob(url, '5', deps);
        assertNoToken('the message', said);
        assertNoToken('the notification', plainNotification(cancelSentText('5', false, said)));
      } catch (err) {
        assertNoToken('the error', (err as Error).message);
        assertNoToken('the notification', plainNotification(actionFailedText('cancel LAVA job 5 on lab', (err as Error).message)));
      }
    });
    it(`resubmit, ${name}`, async () => {
      route = (_m, _p, auth) => answer(auth);
      try {
        const ids = await resubmitJob(url, '5', deps);
        assertNoToken('the ids', JSON.stringify(ids));
      } catch (err) {
        assertNoToken('the error', (err as Error).message);
      }
    });
  }

  const fault = (text: string) =>
    `<?xml version='1.0'?>\n<methodResponse><fault><value><struct>` +
    `<member><name>faultCode</name><value><int>-32603</int></value></member>` +
    `<member><name>faultString</name><value><string>${text.replace(/[<>&]/g, '')}</string></value></member>` +
    `</struct></value></fault></methodResponse>\n`;
  const struct = (msg: string) =>
    `<?xml version='1.0'?>\n<methodResponse><params><param><value><struct>` +
    `<member><name>msg</name><value><string>${msg.replace(/[<>&]/g, '')}</string></value></member>` +
    `<member><name>path</name><value><string>['job_name']</string></value></member>` +
    `</struct></value></param></params></methodResponse>\n`;
  const VALIDATE_CASES: [string, (method: string, path: string, auth: string) => Answer][] = [
    ['XML-RPC fault quoting the Basic header', (_m, _p, auth) => ({ status: 200, type: 'text/xml', body: fault(quote(auth)) })],
    ['XML-RPC problem quoting the Basic header', (_m, _p, auth) => ({ status: 200, type: 'text/xml', body: struct(quote(auth)) })],
    [
      'XML-RPC 401 detail',
      (_m, path, auth) => (path === '/RPC2' ? json(401, { detail: quote(auth) }) : json(200, { message: 'Job valid.' })),
    ],
    [
      'REST message (2025.02 format)',
      (_m, path, auth) =>
        path === '/RPC2' ? { status: 404, body: '' } : json(200, { message: `Job invalid: ${quote(auth)} @ ['job_name']` }),
    ],
    ['REST 400 field errors', (_m, path, auth) => (path === '/RPC2' ? { status: 404, body: '' } : json(400, { definition: quote(auth) }))],
  ];
  for (const [name, answer] of VALIDATE_CASES) {
    it(`validate, ${name}`, async () => {
      route = answer;
      const result = await validateDefinition(url, definitionText('valid-job'), deps);
      assertNoToken('the result', JSON.stringify({ ...result, error: result.kind === 'error' ? result.error.message : undefined }));
    });
  }
});
