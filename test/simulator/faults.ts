// Injected failures: the next N requests (optionally of one job) fail in a chosen way.
import { readData } from './fixtures';
import { drfJson, html, Reply, ALLOW_READ } from './respond';

export type FaultKind =
  | 'http500' // LAVA's Django 500 HTML page
  | 'http502' // a reverse proxy's 502 page
  | 'drop' // socket destroyed without an answer
  | 'hang' // never answered (the client must time out)
  | 'garbage' // 200 "application/json" with a body that is not JSON
  | 'bad-json-shape' // 200 JSON without the expected fields
  | 'http404'
  | 'http401'
  | 'http403'
  | 'half-line'; // the normal answer, its body cut in the middle of its last line

export interface FaultSpec {
  /** Only requests about this job (log-tail, REST or web page); default: any request. */
  jobId?: string;
  kind: FaultKind;
  /** How many matching requests fail (default 1). */
  count?: number;
}

export class Faults {
  private pending: { jobId?: string; kind: FaultKind; left: number }[] = [];

  add(spec: FaultSpec): void {
    const left = spec.count ?? 1;
    if (left > 0) this.pending.push({ jobId: spec.jobId, kind: spec.kind, left });
  }

  /** The fault for a request about jobId (consumed), if any is pending. */
  take(jobId: string | undefined): FaultKind | undefined {
    const i = this.pending.findIndex((f) => f.jobId === undefined || f.jobId === jobId);
    if (i < 0) return undefined;
    const f = this.pending[i];
    if (--f.left <= 0) this.pending.splice(i, 1);
    return f.kind;
  }

  clear(): void {
    this.pending = [];
  }

  get size(): number {
    return this.pending.length;
  }
}

/** The answer for a fault kind (undefined for 'drop' and 'hang', which send nothing, and 'half-line'). */
export function faultReply(kind: FaultKind): Reply | undefined {
  switch (kind) {
    case 'http500':
      return html(500, readData('complete/logs-finished-start-negative.html'));
    case 'http502':
      return {
        status: 502,
        headers: { 'Content-Type': 'text/html' },
        body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
      };
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
    case 'hang':
    case 'half-line':
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
