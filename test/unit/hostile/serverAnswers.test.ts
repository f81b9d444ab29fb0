/**
 * Hostile server answers, row by row (issue #10 "Trust nothing a server sends"): each row is what a
 * server sends and the outcome expected — the follow's end (finished, or failed with a LavaError
 * kind and a clear message), the text shown (sanitized as a channel shows it), or the text a
 * notification, pick item or the results page shows (through core/untrusted/plainForSurface.ts's escapers).
 * Every row also checks: no crash (no exception escapes, no unhandled rejection), no hang (an
 * outcome within ROW_DEADLINE_MS), memory bounded (heap growth under MEMORY_BOUND_MB), nothing raw
 * in the channel (no C0 control but TAB/LF/CR, no bidi control, no NOTICE_MARK from the server),
 * and no link in a notification text.
 *
 * What a user types (job references, server URLs, lavacli.yaml) is covered by
 * test/unit/core/config/hostileInputs.test.ts; the submit answers by test/unit/core/submit/hostileAnswers.test.ts.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { ChannelText, NOTICE_MARK, noticeMessages, stripNotices } from '../../../src/core/follow/channelText';
import { Clock, systemClock } from '../../../src/core/util/clock';
import { FollowEnd, FollowNotice, FollowSink, JobFollower } from '../../../src/core/follow/follower';
import { LogData, LogSource } from '../../../src/core/follow/logSource';
import { RecordText } from '../../../src/core/follow/recordText';
import { formatRecord } from '../../../src/core/log/format';
import { parseRecordLine } from '../../../src/core/log/records';
import { LavaError } from '../../../src/core/net/errors';
import { httpGet } from '../../../src/core/net/http';
import { ApiDetector } from '../../../src/core/protocols/apiDetect';
import { LogTailSource } from '../../../src/core/protocols/logTailSource';
import { listJobs } from '../../../src/core/protocols/rest/jobList';
import { RestSource } from '../../../src/core/protocols/rest/restSource';
import { fetchTestCases } from '../../../src/core/protocols/rest/testResults';
import { finishMessage, followErrorText, noticeText } from '../../../src/core/text/messages';
import { plainLabel, plainNotification } from '../../../src/core/untrusted/plainForSurface';
import { formatTestResults } from '../../../src/core/text/resultsText';
import { fastFollow } from '../helpers';

const ROW_DEADLINE_MS = 20_000;
const MEMORY_BOUND_MB = 200;
const MB = 1024 * 1024;

/** An answer: status, content type and body; or raw bytes written on the socket, then FIN or reset. */
type Answer =
  | { status?: number; type?: string; body: string | Buffer; headers?: Record<string, string> }
  | { raw: string | Buffer; then: 'end' | 'reset' };

/** A server that answers each request with the row's answer (a function of the path and query). */
class HostileServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  answer: (path: string) => Answer = () => ({ status: 404, body: 'no' });
  requests = 0;
  url = '';

  constructor() {
    this.server = http.createServer((req, res) => {
      this.requests++;
      req.resume();
      const a = this.answer(req.url ?? '/');
      if ('raw' in a) {
        const socket = res.socket!;
        socket.write(a.raw, () => (a.then === 'reset' ? socket.resetAndDestroy() : socket.end()));
        return;
      }
      const body = typeof a.body === 'string' ? Buffer.from(a.body, 'utf8') : a.body;
      res.writeHead(a.status ?? 200, { 'Content-Type': a.type ?? 'application/json', 'Content-Length': body.length, ...a.headers });
      res.end(body);
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
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** What a row produced. */
interface Out {
  end?: FollowEnd;
  /** The channel's text (notices included), and the log text in it. */
  channel: string;
  shown: string;
  notices: FollowNotice[];
  /** The text a notification / pick item / results page shows, and which of them. */
  ui?: string;
  surface?: 'notification' | 'label' | 'markdown';
  error?: LavaError;
  requests: number;
}

/** A sink writing into a ChannelText, as a job's channel does. */
class ChannelSink implements FollowSink {
  channel = '';
  readonly notices: FollowNotice[] = [];
  private readonly text = new ChannelText((t) => (this.channel += t));
  private readonly records = new RecordText('1', { time: 'hidden' });
  data(data: LogData): void {
    if (data.kind === 'text') this.text.append(data.text);
    else this.records.take(data.lines, (text) => this.text.append(text));
  }
  notice(event: FollowNotice): void {
    this.notices.push(event);
    const kind = event.kind;
    this.text.notice(
      event.kind === 'reconnecting' ? event.error.message : kind === 'reconnected' || kind === 'restarted' ? kind : noticeText(event),
    );
  }
}

/** A clock that does not wait (retries at once): only the server's answers matter here. */
const instant: Clock = {
  now: () => Date.now(),
  async sleep(_ms, signal) {
    if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    await new Promise((resolve) => setImmediate(resolve));
  },
};

let srv: HostileServer;
const TIMEOUT_MS = 2000;

async function follow(source: LogSource, stopAfterMs?: number): Promise<Out> {
  const sink = new ChannelSink();
  // A follow that retries until the row stops it waits as it would (fastFollow's short delays); others retry at once.
  const follower = new JobFollower(source, sink, stopAfterMs !== undefined ? systemClock : instant, fastFollow);
  const timer = stopAfterMs !== undefined ? setTimeout(() => follower.stop(), stopAfterMs) : undefined;
  const end = await follower.run();
  clearTimeout(timer);
  const ui = end.kind === 'failed' ? plainNotification(followErrorText(end.error, 'LAVA job 1', 'hostile')) : undefined;
  return {
    end,
    channel: sink.channel,
    shown: stripNotices(sink.channel),
    notices: sink.notices,
    ui,
    surface: 'notification',
    requests: srv.requests,
  };
}

function tail(answer: Answer | ((path: string) => Answer), stopAfterMs?: number): () => Promise<Out> {
  return () => {
    srv.answer = typeof answer === 'function' ? answer : () => answer;
    return follow(new LogTailSource({ fetch, serverUrl: srv.url, jobId: '1', timeoutMs: TIMEOUT_MS }), stopAfterMs);
  };
}

/** A LAVA job object (Finished unless told), with fields replaced. */
function job(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 1,
    description: 'a job',
    submitter: 'admin',
    requested_device_type: 'qemu',
    actual_device: 'qemu01',
    submit_time: '2023-01-01T00:00:00Z',
    start_time: '2023-01-01T00:00:01Z',
    end_time: '2023-01-01T00:01:00Z',
    state: 'Finished',
    health: 'Complete',
    failure_comment: null,
    ...fields,
  });
}

const RECORD = '- {"dt": "2023-01-01T00:00:02.000000", "lvl": "info", "msg": "hello"}';

/** A REST follow: the job answer and the logs answer (paths /api/v0.2/jobs/1/ and …/logs/). */
function rest(jobAnswer: Answer, logsAnswer: Answer | ((start: number) => Answer), stopAfterMs?: number): () => Promise<Out> {
  return () => {
    srv.answer = (url) => {
      const [path, query] = url.split('?');
      if (path.endsWith('/logs/'))
        return typeof logsAnswer === 'function' ? logsAnswer(Number(new URLSearchParams(query).get('start'))) : logsAnswer;
      return path === '/api/v0.2/jobs/1/' ? jobAnswer : { status: 404, body: '{}' };
    };
    const source = new RestSource({
      fetch,
      serverUrl: srv.url,
      jobId: '1',
      timeoutMs: TIMEOUT_MS,
      clock: instant,
      finishCheckMs: 10,
    });
    return follow(source, stopAfterMs);
  };
}

/** A REST follow of a Finished job whose end is shown in a notification (finishMessage → plainNotification). */
function restFinish(fields: Record<string, unknown>): () => Promise<Out> {
  return async () => {
    const out = await rest({ body: job(fields) }, { type: 'text/yaml', body: RECORD + '\n' })();
    if (out.end?.kind === 'finished') out.ui = plainNotification(finishMessage('LAVA job 1', out.end.outcome).text);
    return out;
  };
}

/** Any other call: its result's UI text, or the LavaError it ends with. */
function call(
  answer: Answer | ((path: string) => Answer),
  run: () => Promise<string>,
  surface: Out['surface'] = 'notification',
): () => Promise<Out> {
  return async () => {
    srv.answer = typeof answer === 'function' ? answer : () => answer;
    try {
      return { ui: await run(), surface, channel: '', shown: '', notices: [], requests: srv.requests };
    } catch (err) {
      if (!(err instanceof LavaError)) throw err;
      // Errors are shown in a notification (Show Results, Find Job's error item quote the message).
      return {
        error: err,
        ui: plainNotification(err.message),
        surface: 'notification',
        channel: '',
        shown: '',
        notices: [],
        requests: srv.requests,
      };
    }
  };
}

const deps = () => ({ fetch, timeoutMs: TIMEOUT_MS });
const listDescriptions = () => listJobs(srv.url, {}, deps()).then((p) => p.jobs.map((j) => plainLabel(j.description)).join(' / '));
const results = () => fetchTestCases(srv.url, '1', deps()).then((r) => formatTestResults('LAVA job 1', r.cases, r.complete));
const detect = () => new ApiDetector(fetch, TIMEOUT_MS).resolve({ name: 'h', url: srv.url, api: 'auto' }, undefined, undefined, '1');

const tailJson = (v: unknown): Answer => ({ body: JSON.stringify(v) });
const tailOf = (content: string, extra: Record<string, unknown> = {}): Answer =>
  tailJson({ is_finished: true, new_size: Buffer.byteLength(content), content, ...extra });
const HTML_PAGE = '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>Sign in</form></body></html>';
const HTML: Answer = { type: 'text/html; charset=utf-8', body: HTML_PAGE };
const MARKUP = '[x](command:workbench.action.quit) ![i](https://example.invalid/x.png) <img src=x onerror=alert(1)> $(zap) **b** `c`';
const TEN_MB = 10 * MB;
const BIG_LINE = 'A'.repeat(TEN_MB - 1) + '\n';

/** The expected outcome of a row. */
interface Expect {
  /** 'finished', 'stopped' (a follow retried until the row stopped it), 'failed <kind>', 'value', 'error <kind>'. */
  outcome: string;
  /** The log text shown (notices stripped), exactly. */
  shown?: string;
  /** Matched against the error message, or the UI text. */
  message?: RegExp;
  ui?: RegExp;
  /** Checks of its own. */
  check?: (out: Out) => void;
}

// prettier-ignore
const ROWS: [string, () => Promise<Out>, Expect][] = [
  // --- log-tail answers ---------------------------------------------------------------------------------------------
  ['log-tail: HTML login page with 200',            tail(HTML),                                                   { outcome: 'failed bad-response', message: /answered an HTML page/, shown: '' }],
  ['log-tail: HTML with 200 as application/json',   tail({ body: HTML_PAGE }),                                    { outcome: 'failed bad-response', message: /HTML page/, shown: '' }],
  ['log-tail: a JSON array',                        tail({ body: '[1,2,3]' }),                                    { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: empty body',                          tail({ body: '' }),                                           { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: is_finished a string',                tail(tailOf('x\n', { is_finished: 'yes' })),                  { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: new_size negative',                   tail(tailOf('x\n', { new_size: -5 })),                        { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: new_size huge (1e300)',               tail(tailOf('x\n', { new_size: 1e300 })),                     { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: new_size past 2^53',                  tail({ body: '{"is_finished": true, "new_size": 9007199254740993, "content": "x\\n"}' }), { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: new_size fractional',                 tail(tailOf('x\n', { new_size: 1.5 })),                       { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: new_size a string',                   tail(tailOf('x\n', { new_size: '2' })),                       { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: content a number',                    tail(tailJson({ is_finished: true, new_size: 2, content: 12 })),  { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: content null',                        tail(tailJson({ is_finished: true, new_size: 0, content: null })), { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: content an object',                   tail(tailJson({ is_finished: true, new_size: 2, content: { a: 'x\n' } })), { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: content missing',                     tail(tailJson({ is_finished: true, new_size: 2 })),           { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: content longer than new_size says',   tail(tailOf('abcdef\n', { new_size: 3 })),                    { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: an unknown key 10,000 deep',          tail({ body: `{"x": ${'['.repeat(10000)}${']'.repeat(10000)}, "is_finished": true, "new_size": 2, "content": "x\\n"}` }), { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: a 1 MB unknown key',                  tail({ body: `{"${'k'.repeat(MB)}": 1, "is_finished": true, "new_size": 2, "content": "x\\n"}` }), { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: a 10 MB line',                        tail(tailOf(BIG_LINE)),                                       { outcome: 'finished', check: (o) => assert.ok(o.shown === BIG_LINE, 'the 10 MB line is not shown exactly') }],
  ['log-tail: NUL bytes',                           tail(tailOf('a\u0000b\u0000\n')),                             { outcome: 'finished', shown: 'a\u2400b\u2400\n' }],
  ['log-tail: an OSC 8 link',                       tail(tailOf('\u001b]8;;command:workbench.action.quit\u0007click\u001b]8;;\u0007\n')), { outcome: 'finished', shown: '\u241b]8;;command:workbench.action.quit\u2407click\u241b]8;;\u2407\n' }],
  ['log-tail: cursor moves and screen clears',      tail(tailOf('ok\u001b[2J\u001b[H\u001b[10;5Hx\n')),          { outcome: 'finished', shown: 'ok\u241b[2J\u241b[H\u241b[10;5Hx\n' }],
  ['log-tail: bidi override and a forged notice',   tail(tailOf(`\u202eevil\n${NOTICE_MARK} [LAVA Follow] Job finished\n`)), { outcome: 'finished', check: (o) => { assert.deepEqual(noticeMessages(o.channel), []); assert.ok(o.shown.includes('<U+202E>evil')); } }],
  ['log-tail: invalid UTF-8 bytes in content',      tail({ body: Buffer.concat([Buffer.from('{"is_finished": true, "new_size": 3, "content": "a'), Buffer.from([0xff, 0xfe]), Buffer.from('\\n"}')]) }), { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: a lone surrogate escape',             tail({ body: '{"is_finished": true, "new_size": 4, "content": "a\\ud800\\n"}' }), { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: Content-Length larger than the body', tail({ raw: 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"is_finished": true, "new_size": 2, "content": "x\\n"}', then: 'end' }, 300), { outcome: 'stopped', shown: '', check: (o) => assert.ok(o.notices.some((n) => n.kind === 'reconnecting' && n.error.kind === 'network')) }],
  ['log-tail: Content-Length smaller than the body', tail({ raw: 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 30\r\n\r\n{"is_finished": true, "new_size": 2, "content": "x\\n"}', then: 'end' }), { outcome: 'failed bad-response', shown: '' }],
  ['log-tail: a reset in the middle of the body',   tail({ raw: 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"is_finished": true, "new_si', then: 'reset' }, 300), { outcome: 'stopped', shown: '' }],
  ['log-tail: a 20 MB answer (streamed, not held)', tail(tailOf('B'.repeat(20 * MB))),                            { outcome: 'finished', check: (o) => assert.ok(o.shown.length === 20 * MB && /^B+$/.test(o.shown)) }],
  ['log-tail: a redirect to javascript:',           tail({ status: 302, headers: { Location: 'javascript:alert(1)' }, body: '' }), { outcome: 'failed bad-response', message: /redirected to a javascript: address/ }],
  ['log-tail: 404 with markup in DRF detail',       tail({ status: 404, body: JSON.stringify({ detail: MARKUP }) }), { outcome: 'failed not-found', ui: /^LAVA job 1 was not found/ }],
  // --- REST answers -------------------------------------------------------------------------------------------------
  ['REST job: HTML login page with 200',            rest(HTML, { body: '' }),                                     { outcome: 'failed bad-response', message: /answered an HTML page/ }],
  ['REST job: id a string',                         rest({ body: job({ id: '1' }) }, { body: '' }),               { outcome: 'failed bad-response', message: /not a LAVA job/ }],
  ['REST job: health a number',                     rest({ body: job({ health: 3 }) }, { body: '' }),             { outcome: 'failed bad-response', message: /health 3, which LAVA Follow does not know/ }],
  ['REST job: state with markup',                   rest({ body: job({ state: MARKUP }) }, { body: '' }),         { outcome: 'failed bad-response', ui: /does not know/ }],
  ['REST job: the JSON 10,000 deep',                rest({ body: `{"id": 1, "x": ${'['.repeat(10000)}${']'.repeat(10000)}}` }, { body: '' }), { outcome: 'failed bad-response' }],
  ['REST job: truncated JSON',                      rest({ body: job().slice(0, 40) }, { body: '' }),             { outcome: 'failed bad-response', message: /not JSON|JSON/ }],
  ['REST logs: HTML with 200',                      rest({ body: job() }, HTML),                                  { outcome: 'failed bad-response', message: /answered an HTML page/, shown: '' }],
  ['REST logs: JSON instead of YAML',               rest({ body: job() }, { body: '{"detail": "x"}' }),          { outcome: 'failed bad-response', message: /not LAVA's YAML log/, shown: '' }],
  ['REST logs: a YAML alias bomb record',           rest({ body: job() }, { type: 'text/yaml', body: aliasBomb() + '\n' }), { outcome: 'finished', check: (o) => assert.ok(o.shown.length < 4096 && o.shown.includes('&a0')) }],
  ['REST logs: a record 10,000 deep',               rest({ body: job() }, { type: 'text/yaml', body: `- {"dt": "2023-01-01T00:00:00", "lvl": "info", "msg": ${'['.repeat(10000)}}\n` }), { outcome: 'finished', check: (o) => assert.ok(o.shown.includes('[[[[')) }],
  ['REST logs: a 10 MB record',                     rest({ body: job() }, { type: 'text/yaml', body: `- {"dt": "2023-01-01T00:00:00", "lvl": "target", "msg": "${'C'.repeat(TEN_MB)}"}\n` }), { outcome: 'finished', check: (o) => assert.ok(o.shown.length >= TEN_MB && o.shown.length < TEN_MB + 100) }],
  ['REST logs: NUL, OSC 8 and cursor moves in msg', rest({ body: job() }, { type: 'text/yaml', body: '- {"dt": "2023-01-01T00:00:00", "lvl": "target", "msg": "a\\u0000b \\u001b]8;;https://x\\u0007y\\u001b]8;;\\u0007 \\u001b[2J"}\n' }), { outcome: 'finished', shown: '| ab y \n' }], // target lines: serial-console controls removed (core/log/terminal.ts)
  ['REST logs: invalid UTF-8 bytes',                rest({ body: job() }, { type: 'text/yaml', body: Buffer.concat([Buffer.from('- {"dt": "2023-01-01T00:00:00", "lvl": "info", "msg": "a'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}\n')]) }), { outcome: 'finished', check: (o) => assert.ok(o.shown.includes('a\ufffd(\ufffd')) }],
  ['REST logs: the last line cut (half a body)',    rest({ body: job() }, (start) => ({ type: 'text/yaml', body: `${start === 0 ? `${RECORD}\n` : ''}- {"dt": "2023-01-01T00:00:03", "lv` })), { outcome: 'finished', check: (o) => assert.equal(o.shown, formatRecord(parseRecordLine(RECORD), { time: 'hidden' }) + formatRecord(parseRecordLine('- {"dt": "2023-01-01T00:00:03", "lv'), { time: 'hidden' })) }],
  ['REST logs: start ignored, last line cut',      rest({ body: job() }, { type: 'text/yaml', body: `${RECORD}\n- {"dt": "2023-01-01T00:00:03", "lv` }), { outcome: 'failed bad-response', message: /keeps ending inside a line/ }],
  ['REST logs: 403 with markup in DRF detail',      rest({ body: job() }, { status: 403, body: JSON.stringify({ detail: MARKUP }) }), { outcome: 'failed unauthorized', ui: /refused access/ }],
  ['REST logs: 500 forever (retried, never shown)', rest({ body: job({ state: 'Running', health: 'Unknown' }) }, { status: 500, type: 'text/html', body: HTML_PAGE }, 300), { outcome: 'stopped', shown: '', check: (o) => assert.ok(o.notices.some((n) => n.kind === 'reconnecting' && n.error.kind === 'server')) }],
  ['REST logs: 429 with a Retry-After in the past', rest({ body: job({ state: 'Running', health: 'Unknown' }) }, { status: 429, headers: { 'Retry-After': 'Thu, 01 Jan 1970 00:00:00 GMT' }, body: '{}' }, 300), { outcome: 'stopped', shown: '' }],
  ['REST finish: failure_comment with markup',      restFinish({ health: 'Incomplete', failure_comment: MARKUP }), { outcome: 'finished', ui: /^LAVA job 1 Incomplete — \[x\] \(command: workbench\.action\.quit\) !\[i\] \(https:\/\/example\.invalid\/x\.png\)/ }],
  ['REST finish: failure_comment of 100 kB, lines', restFinish({ health: 'Incomplete', failure_comment: 'line\n'.repeat(20000) }), { outcome: 'finished', check: (o) => assert.ok(o.ui!.length <= 500 && !o.ui!.includes('\n')) }],
  ['REST finish: failure_comment with controls',    restFinish({ health: 'Canceled', failure_comment: 'a\u0000\u001b[31mb\u202ec' }), { outcome: 'finished', ui: /a\u2400\u241b\[31mb<U\+202E>c/ }],
  // --- other answers that reach the UI ------------------------------------------------------------------------------
  ['job list: description with codicons and markup', call({ body: JSON.stringify({ count: 1, next: null, results: [JSON.parse(job({ description: `$(zap) ${MARKUP}\nsecond line` }))] }) }, listDescriptions, 'label'), { outcome: 'value', ui: /^\\\$\(zap\) \[x\]\(command:workbench\.action\.quit\) .* \\\$\(zap\) .*second line$/ }],
  ['job list: results not a list',                  call({ body: JSON.stringify({ count: 1, results: 'x' }) }, listDescriptions), { outcome: 'error bad-response', message: /not a LAVA job list/ }],
  ['job list: count negative, entries not jobs',    call({ body: JSON.stringify({ count: -1, next: 7, results: [1, null, 'x', {}] }) }, listDescriptions, 'label'), { outcome: 'value', ui: /^$/ }],
  ['test results: names with markup',               call({ body: JSON.stringify({ next: null, results: [{ name: MARKUP, suite: '<b>suite</b>', result: 'pass](x)', measurement: '1', unit: '![u](u)' }] }) }, results, 'markdown'), { outcome: 'value', check: (o) => { assert.ok(!/\]\(|<img|<b>/.test(o.ui!), o.ui); assert.ok(o.ui!.includes('\\[x\\]\\(command\\:workbench\\.action\\.quit\\)')); } }],
  ['test results: results of wrong types',          call({ body: JSON.stringify({ next: { a: 1 }, results: [null, 5, { name: { x: 1 }, result: [] }] }) }, results, 'markdown'), { outcome: 'value', check: (o) => assert.match(o.ui!, /^# LAVA job 1/) }],
  ['test results: HTML with 200',                   call(HTML, results),                                          { outcome: 'error bad-response' }],
  ['detection: HTML login page to everything',      call(HTML, detect),                                           { outcome: 'error bad-response', message: /answered an HTML page/ }],
  ['detection: JSON that is neither protocol',      call({ body: '{"hello": "world"}' }, detect),                 { outcome: 'error bad-response', message: /does not look like a LAVA server/ }],
  ['http: a redirect loop',                         call({ status: 302, headers: { Location: '/again' }, body: '' }, () => httpGet(`${srv.url}/x`, deps()).then((r) => r.body)), { outcome: 'error http', message: /Too many redirects/ }],
  ['http: a body over the size limit',              call({ body: 'x'.repeat(2 * MB) }, () => httpGet(`${srv.url}/x`, { ...deps(), maxBodyBytes: MB }).then((r) => r.body)), { outcome: 'error too-large', message: /larger than 1 MB/ }],
];

function aliasBomb(): string {
  let bomb = '- {"dt": "2023-01-01T00:00:00", "lvl": "info", "msg": [&a0 ["lol"]';
  for (let i = 1; i < 12; i++) bomb += `, &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`;
  return bomb + ']}';
}

/** Characters a channel never shows raw: C0 controls but TAB/LF/CR, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex -- the point: controls must not reach a channel
const RAW = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('hostile server answers: each row its outcome, no crash, no hang, memory bounded', function () {
  this.timeout(60_000);
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    srv = new HostileServer();
    await srv.start();
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await srv.close();
  });
  beforeEach(() => {
    srv.requests = 0;
  });

  it(`has at least 40 rows (${ROWS.length})`, () => {
    assert.ok(ROWS.length >= 40);
    assert.equal(new Set(ROWS.map((r) => r[0])).size, ROWS.length, 'two rows with the same name');
  });

  for (const [name, run, expect] of ROWS) {
    it(`${name} → ${expect.outcome}`, async () => {
      const heapBefore = process.memoryUsage().heapUsed;
      let deadline: NodeJS.Timeout | undefined;
      const out = await Promise.race([
        run(),
        new Promise<never>((_, reject) => {
          deadline = setTimeout(() => reject(new Error(`no outcome within ${ROW_DEADLINE_MS} ms: a hang`)), ROW_DEADLINE_MS);
        }),
      ]).finally(() => clearTimeout(deadline));
      const grown = (process.memoryUsage().heapUsed - heapBefore) / MB;
      const outcome = out.end
        ? out.end.kind === 'failed'
          ? `failed ${out.end.error.kind}`
          : out.end.kind
        : out.error
          ? `error ${out.error.kind}`
          : 'value';
      const message = out.end?.kind === 'failed' ? out.end.error.message : (out.error?.message ?? '');
      assert.equal(outcome, expect.outcome, message);
      if (expect.shown !== undefined) assert.equal(out.shown, expect.shown);
      if (expect.message) assert.match(message, expect.message);
      if (expect.ui) assert.match(out.ui ?? '', expect.ui);
      expect.check?.(out);
      // For every row: nothing raw in the channel, no link in a notification, memory bounded, bounded retries.
      assert.ok(!RAW.test(out.channel), `raw control in the channel: ${JSON.stringify(out.channel.slice(0, 200))}`);
      if (out.ui !== undefined && out.surface === 'notification') {
        assert.ok(!/\]\(|\b(command|file|vscode):\S/.test(out.ui), `a link in a notification: ${out.ui}`);
        assert.ok(out.ui.length <= 500 && !out.ui.includes('\n'), 'a notification longer than 500 characters, or on several lines');
      }
      if (out.ui !== undefined && out.surface === 'label') assert.ok(!/(^|[^\\])\$\(/.test(out.ui), `a codicon in a label: ${out.ui}`);
      assert.ok(grown < MEMORY_BOUND_MB, `heap grew by ${grown.toFixed(0)} MB`);
      assert.ok(out.requests <= 200, `${out.requests} requests`);
      assert.deepEqual(unhandled, []);
    });
  }
});
