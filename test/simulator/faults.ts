// Injected failures: the next N requests (optionally of one job) fail in a chosen way,
// or a seeded schedule (chaos.ts) picks faults at random.  Every kind, exactly:
//
// Answers instead of the normal one (built by faultReply):
//   http500        LAVA's Django 500 HTML page
//   http502        nginx's 502 Bad Gateway page
//   http503        503 Service Unavailable HTML page (text/html, Server: gunicorn)
//   http429        DRF throttling: 429, JSON {"detail": "Request was throttled. Expected available in N second(s)."}
//                  and `Retry-After: N` (N = spec.retryAfterSeconds, default 1)
//   http404/401/403  DRF JSON errors (401 with WWW-Authenticate: Token)
//   garbage        200 "application/json" whose body is HTML, not JSON ("invalid JSON")
//   bad-json-shape 200 JSON without the expected fields
//   html-200       200 text/html login page (an SSO / login proxy in front of LAVA)
//
// The normal answer, damaged (computed without side effects: a faulted cancel/ does not cancel):
//   half-line      REST logs only: the YAML body cut in the middle of its last line, no Content-Length
//                  (a non-YAML answer is served normally and the fault stays pending)
//   truncated-json a 200 application/json answer cut to its first half (bytes), with the
//                  Content-Length of the cut body: a complete HTTP answer that is not JSON
//                  (not applicable to other answers: see server.ts)
//
// Transport faults (raw bytes on the socket; see server.ts):
//   drop           socket destroyed before any byte (same as reset-before)
//   reset-before   alias of drop
//   hang           nothing is ever sent (until the client gives up, goDown() or close())
//   reset-mid-body status line + headers with the real Content-Length + the first half of the body,
//                  then a TCP reset (socket.resetAndDestroy()) once those bytes are flushed
//   stall          the same headers and half body, then nothing more: the body never completes
//   content-length-lie  headers with Content-Length = real length + 1024, the whole real body,
//                  then the server closes its side (FIN)
//
// Log-tail answers (only requests to /lava-server/job/{id}/log-tail of a log-tail job whose
// authentication succeeded; other requests skip them, see appliesTo()):
//   restart        the job's log restarts (LogTailJob.restart(): truncated to 0, regrown from 0
//                  with the same seed); the answer is the truncated file's: new_size 0, content ""
//   utf8-split     new_size is a byte offset INSIDE a multi-byte character (1 or 2 bytes of a 2-4
//                  byte character, never 3: see utf8SplitPoint), content = bytes[start:new_size]
//                  decoded with U+FFFD replacement, so UTF-8(content).length != new_size - start
//   ignore-start   `start` is ignored (a broken proxy dropping the query): content = bytes[0:size],
//                  new_size = size, is_finished as usual
import { readData } from './fixtures';
import { drfJson, html, Reply, ALLOW_READ } from './respond';

export type FaultKind =
  | 'http500' // LAVA's Django 500 HTML page
  | 'http502' // a reverse proxy's 502 page
  | 'http503' // 503 Service Unavailable HTML page
  | 'http429' // DRF throttling with Retry-After
  | 'drop' // socket destroyed without an answer
  | 'reset-before' // the same as 'drop'
  | 'hang' // never answered (the client must time out)
  | 'reset-mid-body' // headers (real Content-Length) + half the body, then a TCP reset
  | 'stall' // headers + half the body, then nothing (the body never completes)
  | 'content-length-lie' // Content-Length larger than the body sent, then the socket closes
  | 'garbage' // 200 "application/json" with a body that is not JSON
  | 'truncated-json' // 200 JSON answer cut in half, Content-Length of the cut body
  | 'html-200' // 200 text/html login page (SSO / login proxy)
  | 'bad-json-shape' // 200 JSON without the expected fields
  | 'http404'
  | 'http401'
  | 'http403'
  | 'half-line' // the normal answer, its body cut in the middle of its last line
  | 'restart' // log-tail: the job's log restarts; new_size 0
  | 'utf8-split' // log-tail: new_size inside a multi-byte character
  | 'ignore-start'; // log-tail: the whole log from 0, whatever `start` was

export const FAULT_KINDS: readonly FaultKind[] = [
  'http500',
  'http502',
  'http503',
  'http429',
  'drop',
  'reset-before',
  'hang',
  'reset-mid-body',
  'stall',
  'content-length-lie',
  'garbage',
  'truncated-json',
  'html-200',
  'bad-json-shape',
  'http404',
  'http401',
  'http403',
  'half-line',
  'restart',
  'utf8-split',
  'ignore-start',
];

/** Kinds that only make sense on a log-tail answer. */
export const LOG_TAIL_KINDS: readonly FaultKind[] = ['restart', 'utf8-split', 'ignore-start'];

/** Kinds sent as raw bytes on the socket (server.ts), not as a Reply. */
export const TRANSPORT_KINDS: readonly FaultKind[] = ['drop', 'reset-before', 'hang', 'reset-mid-body', 'stall', 'content-length-lie'];

/** content-length-lie: how many bytes the Content-Length header claims beyond the body. */
export const CONTENT_LENGTH_LIE_EXTRA = 1024;

export interface FaultSpec {
  /** Only requests about this job (log-tail, REST or web page); default: any request. */
  jobId?: string;
  kind: FaultKind;
  /** How many matching requests fail (default 1). */
  count?: number;
  /** http429: the Retry-After header, in seconds (default 1). */
  retryAfterSeconds?: number;
}

/** What a request is, for deciding which fault kinds can apply to it. */
export interface FaultTarget {
  path: string;
  jobId?: string;
  /** A log-tail request for an existing log-tail job, authenticated: log-tail kinds apply. */
  logTail: boolean;
  /** A REST /api/v0.2/jobs/{id}/logs/ request: 'half-line' may apply. */
  restLogs: boolean;
}

/**
 * Whether `kind` can be injected into this request, judged from the request alone.
 * Some kinds can still turn out not applicable once the answer is known
 * ('half-line', 'truncated-json', 'utf8-split': see server.ts).
 */
export function appliesTo(kind: FaultKind, t: FaultTarget): boolean {
  if (LOG_TAIL_KINDS.includes(kind)) return t.logTail;
  if (kind === 'half-line') return t.restLogs;
  return true;
}

/** A pending fault taken for one request. */
export interface TakenFault {
  kind: FaultKind;
  jobId?: string;
  retryAfterSeconds?: number;
}

export class Faults {
  private pending: { jobId?: string; kind: FaultKind; left: number; retryAfterSeconds?: number }[] = [];

  add(spec: FaultSpec): void {
    const left = spec.count ?? 1;
    if (left > 0) this.pending.push({ jobId: spec.jobId, kind: spec.kind, left, retryAfterSeconds: spec.retryAfterSeconds });
  }

  /** The fault for a request about jobId (consumed), if any is pending. */
  take(jobId: string | undefined): FaultKind | undefined {
    return this.takeFault(jobId)?.kind;
  }

  /**
   * The first pending fault for a request about jobId that `applies` accepts (consumed).
   * Faults `applies` refuses stay pending, in their place.
   */
  takeFault(jobId: string | undefined, applies: (kind: FaultKind) => boolean = () => true): TakenFault | undefined {
    const i = this.pending.findIndex((f) => (f.jobId === undefined || f.jobId === jobId) && applies(f.kind));
    if (i < 0) return undefined;
    const f = this.pending[i];
    if (--f.left <= 0) this.pending.splice(i, 1);
    return { kind: f.kind, jobId: f.jobId, retryAfterSeconds: f.retryAfterSeconds };
  }

  /** Puts a taken fault back in front (it could not be applied after all). */
  giveBack(f: TakenFault): void {
    this.pending.unshift({ jobId: f.jobId, kind: f.kind, left: 1, retryAfterSeconds: f.retryAfterSeconds });
  }

  clear(): void {
    this.pending = [];
  }

  get size(): number {
    return this.pending.length;
  }
}

const LOGIN_PAGE =
  '<!DOCTYPE html><html><head><title>Sign in</title><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"></head>\n' +
  '<body><main class="login"><h1>Sign in to continue</h1>\n' +
  '<form method="post" action="/sso/login?next=%2F"><input type="hidden" name="csrfmiddlewaretoken" value="x8Zq3">\n' +
  '<label>Username <input name="username" autocomplete="username"></label>\n' +
  '<label>Password <input name="password" type="password" autocomplete="current-password"></label>\n' +
  '<button type="submit">Sign in</button></form></main></body></html>\n';

const SERVICE_UNAVAILABLE =
  '<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta http-equiv="content-type" content="text/html; charset=utf-8">\n' +
  '  <title>Service Unavailable</title>\n</head>\n<body>\n  <h1>Service Unavailable</h1>\n' +
  '  <p>The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.</p>\n' +
  '</body>\n</html>\n';

/**
 * The answer for a fault kind that replaces the normal answer; undefined for the
 * transport, damaged-answer and log-tail kinds (handled by server.ts).
 */
export function faultReply(kind: FaultKind, opts: { retryAfterSeconds?: number } = {}): Reply | undefined {
  switch (kind) {
    case 'http500':
      return html(500, readData('complete/logs-finished-start-negative.html'));
    case 'http502':
      return {
        status: 502,
        headers: { 'Content-Type': 'text/html' },
        body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
      };
    case 'http503':
      return html(503, SERVICE_UNAVAILABLE);
    case 'http429': {
      const wait = opts.retryAfterSeconds ?? 1;
      const r = drfJson(
        429,
        { detail: `Request was throttled. Expected available in ${wait} second${wait === 1 ? '' : 's'}.` },
        ALLOW_READ,
      );
      r.headers['Retry-After'] = String(wait);
      return r;
    }
    case 'html-200':
      return html(200, LOGIN_PAGE);
    case 'garbage':
      return {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: '<html><body>Please sign in to continue</body></html>\n',
      };
    case 'bad-json-shape':
      return drfJson(200, { status: 'ok', items: [] }, ALLOW_READ);
    case 'http404':
      return drfJson(404, { detail: 'Not found.' }, ALLOW_READ);
    case 'http401': {
      const r = drfJson(401, { detail: 'Authentication credentials were not provided.' }, ALLOW_READ);
      r.headers['WWW-Authenticate'] = 'Token';
      return r;
    }
    case 'http403':
      return drfJson(403, { detail: 'Invalid token.' }, ALLOW_READ);
    case 'drop':
    case 'reset-before':
    case 'hang':
    case 'reset-mid-body':
    case 'stall':
    case 'content-length-lie':
    case 'truncated-json':
    case 'half-line':
    case 'restart':
    case 'utf8-split':
    case 'ignore-start':
      return undefined;
  }
}

/** `reply` with its body cut halfway through its last line (for 'half-line'). */
export function cutLastLine(reply: Reply): Reply {
  const body = Buffer.isBuffer(reply.body) ? reply.body.toString('utf8') : reply.body;
  const lastStart = body.lastIndexOf('\n', body.length - 2) + 1;
  const cut = body.slice(0, lastStart + Math.floor((body.length - lastStart) / 2));
  const headers = { ...reply.headers };
  delete headers['Content-Length'];
  return { ...reply, headers, body: cut };
}

/** Whether `reply` is a 200 JSON answer ('truncated-json' applies). */
export function isJson200(reply: Reply): boolean {
  return reply.status === 200 && /^application\/json\b/i.test(reply.headers['Content-Type'] ?? '');
}

/** `reply` with its body cut to its first half (bytes) and the Content-Length of the cut body. */
export function truncateBody(reply: Reply): Reply {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  const cut = body.subarray(0, Math.floor(body.length / 2));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(reply.headers)) if (k.toLowerCase() !== 'content-length') headers[k] = v;
  headers['Content-Length'] = String(cut.length);
  return { ...reply, headers, body: cut };
}

/**
 * 'utf8-split': the largest byte offset p with start < p <= end that lies inside a
 * multi-byte character whose lead byte is at or after `start`, 1 or 2 bytes into it.
 * Never 3 bytes into a 4-byte character: those 3 bytes decode to one U+FFFD, itself
 * 3 bytes long, and the answer's UTF-8 length would match new_size - start again.
 * Only the last 4096 bytes before `end` are searched; undefined = no such offset.
 */
export function utf8SplitPoint(buf: Buffer, start: number, end: number): number | undefined {
  end = Math.min(end, buf.length);
  for (let q = end - 1; q >= start && q >= end - 4096; q--) {
    const b = buf[q];
    const len = (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 0;
    if (len === 0 || q + len > buf.length) continue; // not a lead byte, or a character cut off at the end of the log
    for (let k = Math.min(2, len - 1); k >= 1; k--) {
      const p = q + k;
      if (p <= end && p > start) return p;
    }
  }
  return undefined;
}
