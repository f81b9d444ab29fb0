import { LavaError } from '../net/errors';
import { Credentials, FetchFn, httpGet } from '../net/http';
import { tryParseJson } from '../net/json';
import { LogBatch, LogSource } from '../follow/logSource';

export interface LogTailOptions {
  fetch: FetchFn;
  /** Base URL of the server, e.g. `https://lava.example.org`. */
  serverUrl: string;
  jobId: string;
  timeoutMs: number;
  credentials?: Credentials;
}

/** A parsed `{"is_finished", "new_size", "content"}` answer. */
export interface LogTailResponse {
  isFinished: boolean;
  newSize: number;
  content: string;
}

/**
 * The 2011 log-tail protocol: `GET /lava-server/job/{id}/log-tail?start={offset}`
 * with `start` a byte offset into the job's log; the next request starts at `new_size`.
 */
export class LogTailSource implements LogSource {
  private offset = 0;

  constructor(private readonly opts: LogTailOptions) {}

  async next(signal: AbortSignal): Promise<LogBatch> {
    const url = logTailUrl(this.opts.serverUrl, this.opts.jobId, this.offset);
    const res = await httpGet(url, {
      fetch: this.opts.fetch,
      timeoutMs: this.opts.timeoutMs,
      signal,
      credentials: this.opts.credentials,
    });
    const tail = parseLogTail(res.body);
    if (tail.newSize < this.offset) {
      // The log was restarted or truncated: start again at 0.
      this.offset = 0;
      return { text: '', finished: false, restarted: true };
    }
    this.offset = tail.newSize;
    return { text: tail.content, finished: tail.isFinished };
  }
}

function logTailUrl(serverUrl: string, jobId: string, start: number): string {
  return `${serverUrl}/lava-server/job/${encodeURIComponent(jobId)}/log-tail?start=${start}`;
}

function parseLogTail(body: string): LogTailResponse {
  const value = tryParseJson(body);
  if (value === undefined) throw new LavaError('bad-response', `The server's answer is not JSON: ${preview(body)}`);
  const v = value as Record<string, unknown>;
  if (
    typeof v !== 'object' ||
    v === null ||
    typeof v.is_finished !== 'boolean' ||
    typeof v.new_size !== 'number' ||
    !Number.isSafeInteger(v.new_size) ||
    v.new_size < 0 ||
    typeof v.content !== 'string'
  ) {
    throw new LavaError('bad-response', `The server's answer is not a log-tail object: ${preview(body)}`);
  }
  return { isFinished: v.is_finished, newSize: v.new_size, content: v.content };
}

function preview(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat || '(empty)';
}
