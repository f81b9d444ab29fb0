// core/protocols — a job's raw log, read page by page and handed to a writer as it arrives (Save Job Log As…).
import { LavaError } from '../net/errors';
import { Credentials, FetchFn, httpOpen, isHtml, HTML_ANSWER } from '../net/http';
import { originOf } from '../net/urls';
import { restJobUrl } from './rest/restUrls';
import { LogTailSource } from './logTailSource';
import { Clock } from '../util/clock';
import { noLogText } from '../text/messages';

export interface RawLogOptions {
  api: 'rest' | 'log-tail';
  serverUrl: string;
  jobId: string;
  fetch: FetchFn;
  timeoutMs: number;
  credentials?: Credentials;
  signal?: AbortSignal;
  clock?: Clock;
  /** Lines a REST page asks for (default RAW_PAGE_LINES). */
  pageLines?: number;
  /** Writes the next bytes (synchronously: nothing is held but the piece being written). */
  write(bytes: Uint8Array): void;
  /** After each piece: what was written so far. */
  progress?(written: { bytes: number; pages: number }): void;
}

/** Lines of LAVA's output.yaml asked for in one REST page. */
export const RAW_PAGE_LINES = 10_000;
/** Polls of a log-tail job's log at most (each streams what is new; a finished log ends sooner). */
const MAX_LOG_TAIL_POLLS = 10_000;

/**
 * The job's log as LAVA keeps it, written piece by piece as it arrives (never one string):
 * - REST: `logs/?start=N&end=N+pageLines`, LAVA's output.yaml lines byte for byte (one
 *   `- {dt: …, lvl: …, msg: …}` record a line: the records `lavacli jobs logs --raw` prints; lavacli
 *   dumps each again in YAML's double-quoted style); N counts the lines written; a page with fewer
 *   lines than asked, or a 404, is the end (of what the log has now, for a running job); a 404 at
 *   once is a job without a log (a `not-found` error: no empty file is saved);
 * - log-tail: the log's text (UTF-8): answers until one brings all the server has.
 * Stops at once on the signal (an `aborted` LavaError). Gives the bytes written.
 */
export async function readRawLog(opts: RawLogOptions): Promise<number> {
  return opts.api === 'rest' ? readRestPages(opts) : readLogTail(opts);
}

async function readRestPages(opts: RawLogOptions): Promise<number> {
  const pageLines = opts.pageLines ?? RAW_PAGE_LINES;
  let start = 0;
  let bytes = 0;
  for (let pages = 1; ; pages++) {
    const url = `${restJobUrl(opts.serverUrl, opts.jobId, 'logs/')}?start=${start}&end=${start + pageLines}`;
    const http = { fetch: opts.fetch, timeoutMs: opts.timeoutMs, credentials: opts.credentials, signal: opts.signal, clock: opts.clock };
    const res = await httpOpen(url, { ...http, accept: '*/*' }, [404]);
    if (res.status === 404) {
      await res.cancel();
      if (start === 0) throw new LavaError('not-found', noLogText(opts.jobId), 404);
      return bytes;
    }
    let lines = 0;
    let checked = false;
    for await (const chunk of res.chunks()) {
      if (!checked) {
        checkRaw(res.headers, chunk, url);
        checked = true;
      }
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      opts.write(chunk);
      bytes += chunk.byteLength;
      opts.progress?.({ bytes, pages });
    }
    if (lines < pageLines) return bytes;
    start += lines;
  }
}

/** A log answer is LAVA's YAML: an HTML page (a login page, a proxy) or JSON is never saved as the log. */
function checkRaw(headers: Headers, first: Uint8Array, url: string): void {
  const head = new TextDecoder().decode(first.subarray(0, 512));
  const type = headers.get('content-type') ?? '';
  if (isHtml(headers, head)) throw new LavaError('bad-response', `${originOf(url)} ${HTML_ANSWER}`);
  const text = head.trimStart();
  if (/json/i.test(type) || (text !== '' && !text.startsWith('-'))) {
    throw new LavaError('bad-response', `The log answer of ${originOf(url)} is not LAVA's YAML log.`);
  }
}

async function readLogTail(opts: RawLogOptions): Promise<number> {
  const source = new LogTailSource({
    fetch: opts.fetch,
    serverUrl: opts.serverUrl,
    jobId: opts.jobId,
    timeoutMs: opts.timeoutMs,
    credentials: opts.credentials,
    clock: opts.clock,
  });
  const encoder = new TextEncoder();
  const signal = opts.signal ?? new AbortController().signal;
  let bytes = 0;
  for (let pages = 1; pages <= MAX_LOG_TAIL_POLLS; pages++) {
    if (signal.aborted) throw new LavaError('aborted', 'Request cancelled.');
    let got = 0;
    const batch = await source.next(signal, (data) => {
      if (data.kind !== 'text' || data.text === '') return;
      const piece = encoder.encode(data.text);
      opts.write(piece);
      got += piece.byteLength;
      bytes += piece.byteLength;
      opts.progress?.({ bytes, pages });
    });
    // An answer that brought all the server had (a running job: all it has now) is the end.
    if (batch.finished || !batch.more || got === 0) break;
  }
  return bytes;
}
