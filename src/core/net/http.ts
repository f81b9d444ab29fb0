// core/net — talking HTTP to a LAVA server: requests, timeouts, tokens, errors as values.
import { Clock, systemClock } from '../util/clock';
import type { Credentials, FetchFn } from './fetchTypes';
import { LavaError } from './errors';
import { tryParseJson } from './json';
import { redact } from './redact';
import { originOf } from './urls';

export { redact } from './redact';

export type { Credentials, FetchFn } from './fetchTypes';

export interface RequestOptions {
  fetch: FetchFn;
  /** How long the server may stay silent: waiting for the headers, or between two pieces of the body. */
  timeoutMs: number;
  /** Aborts the request at once (stop following, deactivation). */
  signal?: AbortSignal;
  credentials?: Credentials;
  accept?: string;
  /** Largest body read into memory (default MAX_BODY_BYTES); a larger one is a `too-large` error. */
  maxBodyBytes?: number;
  /** GET unless told; a POST carries `body` (JSON unless `contentType` says otherwise). */
  method?: 'GET' | 'POST';
  body?: string;
  contentType?: string;
  /** The time the silence timeout and the overall deadline count (tests give a virtual clock). */
  clock?: Clock;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
}

/** An answer whose body is read piece by piece; each read is bounded by the silence timeout. */
export interface StreamedResponse {
  status: number;
  headers: Headers;
  /** The body's bytes as they arrive (once). */
  chunks(): AsyncIterable<Uint8Array>;
  /** Stops reading and releases the connection. */
  cancel(): Promise<void>;
}

/** No answer of LAVA's is this big in one piece: REST pages are bounded, log-tail answers are streamed. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
const MAX_REDIRECTS = 5;

/**
 * The overall deadline of a request: the silence timeout alone lets a server that sends a byte
 * every few seconds keep a request (and the progress notification waiting on it) alive forever.
 * Every request ends by DEADLINE_FLOOR_MS (or the silence timeout, when longer) plus the time its
 * size cap takes at SLOW_HONEST_BYTES_PER_S: 64 KiB/s (512 kbit/s) is slower than any network a
 * lab is followed over, and a real server sends its answers much faster. A 16 MB submit answer
 * gets 60 s + 256 s; a 64 MB log answer 60 s + 1024 s (18 min). A log-tail answer has no size cap
 * (it is streamed): it gets the 64 MB deadline, and one that takes longer (a 100 MB log over a
 * slower link) is cut there and resumed where its text stopped, as after any broken answer.
 */
export const DEADLINE_FLOOR_MS = 60_000;
export const SLOW_HONEST_BYTES_PER_S = 64 * 1024;

/** How long a request may take in all: see DEADLINE_FLOOR_MS. */
export function requestDeadlineMs(opts: Pick<RequestOptions, 'timeoutMs' | 'maxBodyBytes' | 'body'>): number {
  const bytes = (opts.maxBodyBytes ?? MAX_BODY_BYTES) + (opts.body?.length ?? 0);
  return Math.max(opts.timeoutMs, DEADLINE_FLOOR_MS) + Math.ceil((bytes * 1000) / SLOW_HONEST_BYTES_PER_S);
}

/**
 * Sends a request and reads its whole body (at most `maxBodyBytes`). Statuses other than
 * 2xx become LavaErrors, except those listed in `allow` (e.g. 404 where it means "nothing new").
 */
export async function httpGet(url: string, opts: RequestOptions, allow: readonly number[] = []): Promise<HttpResponse> {
  const res = await httpOpen(url, opts, allow);
  const limit = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.chunks()) {
    size += chunk.byteLength;
    if (size > limit) {
      await res.cancel();
      throw new LavaError('too-large', `The answer from ${originOf(url)} is larger than ${formatBytes(limit)}: stopped reading it.`);
    }
    parts.push(chunk);
  }
  const body = new TextDecoder('utf-8').decode(concat(parts, size));
  return { status: res.status, headers: res.headers, body };
}

/**
 * Sends a request and returns as soon as the headers arrive; the body is read with
 * `chunks()`. The timeout counts the server's silence only: a large body that keeps
 * arriving is never cut. The Authorization header is only ever attached to a request
 * under the credentials' server URL, redirects included. Failures are LavaErrors, and
 * no message ever contains the token.
 */
export async function httpOpen(url: string, opts: RequestOptions, allow: readonly number[] = []): Promise<StreamedResponse> {
  if (opts.signal?.aborted) throw new LavaError('aborted', 'Request cancelled.');
  const silence = new SilenceTimer(opts.timeoutMs, requestDeadlineMs(opts), opts.clock ?? systemClock, opts.signal);
  try {
    const res = await silence.guard(() => fetchFollowingRedirects(url, opts, silence.signal));
    if ((res.status >= 200 && res.status < 300) || allow.includes(res.status)) {
      return streamed(res, url, silence, opts.credentials);
    }
    const body = await readSmall(res, silence);
    silence.done();
    throw statusError(res, url, body, opts.credentials);
  } catch (err) {
    silence.done();
    throw toLavaError(err, url, silence, opts);
  }
}

async function fetchFollowingRedirects(url: string, opts: RequestOptions, signal: AbortSignal): Promise<Response> {
  let current = url;
  let method = opts.method ?? 'GET';
  let body = opts.body;
  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
    if (opts.credentials && belongsTo(current, opts.credentials.serverUrl)) headers.Authorization = `Token ${opts.credentials.token}`;
    if (body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
    const res = await opts.fetch(current, { method, headers, body, signal, redirect: 'manual' });
    const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
    if (location === null) return res;
    await res.body?.cancel().catch(() => undefined);
    if (hop >= MAX_REDIRECTS) throw new LavaError('http', `Too many redirects from ${originOf(url)}.`, res.status);
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new LavaError('bad-response', `${originOf(url)} redirected to an address that is not a URL.`, res.status);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new LavaError('bad-response', `${originOf(url)} redirected to a ${next.protocol} address.`, res.status);
    }
    refuseRedirect(url, current, next, opts, res.status);
    current = next.toString();
    // 303 (and 301/302 after a POST, as browsers do) turn into a GET without a body.
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
  }
}

/**
 * Redirects not followed, each with the reason in its message:
 * - any redirect of a POST (submit, resubmit, cancel, validate, XML-RPC) to another origin: a
 *   307/308 would send the definition (with its `secrets:`) there, and whatever the status, the
 *   answer (job ids) would come from a server that is not the user's;
 * - https to http on a request that carries a token (a POST, or a GET under the token's server):
 *   the token is never sent over http, and an anonymous answer would be taken for the user's.
 */
function refuseRedirect(url: string, current: string, next: URL, opts: RequestOptions, status: number): void {
  const from = new URL(current);
  const origin = originOf(url);
  const post = (opts.method ?? 'GET') === 'POST';
  const downgrade = from.protocol === 'https:' && next.protocol === 'http:';
  const withToken = post || (opts.credentials !== undefined && belongsTo(current, opts.credentials.serverUrl));
  if (downgrade && withToken) {
    throw new LavaError(
      'http',
      `${origin} redirected a request from https to http (${next.origin}): not followed, since the request (and the token) would travel unencrypted. Check the server's URL or its proxy's settings.`,
      status,
    );
  }
  if (post && next.origin !== new URL(url).origin) {
    throw new LavaError(
      'http',
      `${origin} redirected a POST to another server (${next.origin}): not followed, since it would send the request (the job definition, its secrets) there and take that server's answer for ${origin}'s. If the server moved, set its new URL.`,
      status,
    );
  }
}

/**
 * HTTP Basic `user:token`, the only authentication LAVA's XML-RPC (/RPC2) takes
 * (linaro_django_xmlrpc: any other scheme is a 400). `btoa` needs Latin-1, so UTF-8 first.
 */
export function basicAuthorization(user: string, token: string): string {
  const bytes = new TextEncoder().encode(`${user}:${token}`);
  let latin1 = '';
  for (const b of bytes) latin1 += String.fromCharCode(b);
  return `Basic ${btoa(latin1)}`;
}

/** A fetch that adds `Authorization: <value>` to requests under `serverUrl` only (redirects included: httpGet follows them by hand). */
export function fetchWithAuthorization(fetch: FetchFn, serverUrl: string, value: string): FetchFn {
  return (input, init) => {
    if (!belongsTo(input, serverUrl)) return fetch(input, init);
    const headers = { ...((init?.headers as Record<string, string> | undefined) ?? {}), Authorization: value };
    return fetch(input, { ...init, headers });
  };
}

/** True when `url` is on the server's origin and under its base path. */
export function belongsTo(url: string, serverUrl: string): boolean {
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(serverUrl);
  } catch {
    return false;
  }
  if (target.origin !== base.origin) return false;
  const prefix = base.pathname.replace(/\/+$/, '');
  return prefix === '' || target.pathname === prefix || target.pathname.startsWith(prefix + '/');
}

function streamed(res: Response, url: string, silence: SilenceTimer, credentials?: Credentials): StreamedResponse {
  const reader = res.body?.getReader();
  let used = false;
  return {
    status: res.status,
    headers: res.headers,
    chunks() {
      if (used) throw new Error('chunks() read twice');
      used = true;
      return {
        async *[Symbol.asyncIterator]() {
          try {
            if (!reader) return;
            for (;;) {
              let step: { done: boolean; value?: Uint8Array };
              try {
                step = await silence.guard(() => reader.read());
              } catch (err) {
                throw toLavaError(err, url, silence, { credentials });
              }
              if (step.done || !step.value) return;
              yield step.value;
            }
          } finally {
            silence.done();
            await reader?.cancel().catch(() => undefined);
          }
        },
      };
    },
    async cancel() {
      silence.done();
      await reader?.cancel().catch(() => undefined);
    },
  };
}

/** The body of an error answer: at most 64 kB of it (enough for DRF's detail or a page title). */
async function readSmall(res: Response, silence: SilenceTimer): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < 65536) {
      const step = await silence.guard(() => reader.read());
      if (step.done || !step.value) break;
      parts.push(step.value);
      size += step.value.byteLength;
    }
  } catch {
    // The status says enough.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return new TextDecoder('utf-8').decode(concat(parts, size).subarray(0, 65536));
}

/**
 * The request's own AbortController, aborted when the caller's signal aborts, when the
 * server has been silent for `ms` while we wait (headers or the next piece of body), or
 * when the request's overall deadline (`deadlineMs` from its start) has passed. Both are
 * counted on `clock`, armed only while we wait (no timer outlives a wait).
 */
class SilenceTimer {
  private readonly controller = new AbortController();
  private readonly deadlineAt: number;
  private disarm?: AbortController;
  timedOut = false;
  expired = false;
  private readonly onAbort = () => this.controller.abort();

  constructor(
    readonly ms: number,
    readonly deadlineMs: number,
    private readonly clock: Clock,
    private readonly outer?: AbortSignal,
  ) {
    this.deadlineAt = clock.now() + deadlineMs;
    outer?.addEventListener('abort', this.onAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get cancelled(): boolean {
    return this.outer?.aborted === true;
  }

  /** Runs `wait` with the silence timer armed (and at most until the deadline). */
  async guard<T>(wait: () => Promise<T>): Promise<T> {
    const left = this.deadlineAt - this.clock.now();
    if (left <= 0) {
      this.expired = true;
      this.controller.abort();
      throw new Error('deadline');
    }
    const byDeadline = left < this.ms;
    const disarm = (this.disarm = new AbortController());
    this.clock.sleep(Math.min(this.ms, left), disarm.signal).then(
      () => {
        if (byDeadline) this.expired = true;
        else this.timedOut = true;
        this.controller.abort();
      },
      () => undefined,
    );
    try {
      return await wait();
    } finally {
      disarm.abort();
    }
  }

  done(): void {
    this.disarm?.abort();
    this.outer?.removeEventListener('abort', this.onAbort);
  }
}

function toLavaError(err: unknown, url: string, silence: SilenceTimer, opts: { credentials?: Credentials }): LavaError {
  if (err instanceof LavaError) return err;
  if (silence.cancelled) return new LavaError('aborted', 'Request cancelled.');
  if (silence.timedOut) return new LavaError('timeout', `${originOf(url)} was silent for ${Math.round(silence.ms / 1000)} s.`);
  if (silence.expired) {
    return new LavaError(
      'timeout',
      `${originOf(url)} took more than ${Math.round(silence.deadlineMs / 1000)} s to answer (the most a request may take): stopped.`,
    );
  }
  const cause = describeCause(err);
  if (err instanceof TypeError && /header|ByteString|invalid.*character/i.test(cause + String(err.message))) {
    // fetch refuses a header value it cannot send: only the token is ours to blame.
    return new LavaError('unauthorized', `The token for ${originOf(url)} has characters that cannot be sent: set it again.`);
  }
  return new LavaError('network', redact(`Cannot reach ${originOf(url)}: ${cause}.`, opts.credentials));
}

function statusError(res: Response, url: string, body: string, credentials?: Credentials): LavaError {
  const status = res.status;
  // A server may quote the Authorization header it got (a proxy's error page, a custom detail).
  const detail = serverDetail(redact(body, credentials));
  const suffix = detail ? ` (${detail})` : '';
  const where = pathOf(url);
  if (status === 429) {
    return new LavaError('rate-limited', `${originOf(url)} asks us to slow down (HTTP 429).`, status, retryAfterMs(res.headers));
  }
  if (status >= 500) return new LavaError('server', `${originOf(url)} failed (HTTP ${status}).`, status, retryAfterMs(res.headers));
  if (status === 404) return new LavaError('not-found', `Not found: ${where}${suffix}.`, status);
  if (status === 401 || status === 403) {
    return new LavaError('unauthorized', `The server refused access (HTTP ${status})${suffix}.`, status);
  }
  if (isHtml(res.headers, body)) return new LavaError('bad-response', `${originOf(url)} ${HTML_ANSWER} (HTTP ${status})`, status);
  return new LavaError('http', `Unexpected HTTP ${status} from ${where}${suffix}.`, status);
}

/** How an answer that is an HTML page is described (a proxy's login page, a mistyped URL). */
export const HTML_ANSWER = 'answered an HTML page: is the URL right, or is a login page in the way?';

/** True when an answer is a web page rather than what an API sends. */
export function isHtml(headers: Headers, body: string): boolean {
  const type = headers.get('content-type') ?? '';
  if (/text\/html|application\/xhtml/i.test(type)) return true;
  return /^\s*<(!doctype|html|head|body)\b/i.test(body.slice(0, 512));
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), bounded to 10 minutes. */
function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  let ms = /^\d+$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - Date.now();
  if (!Number.isFinite(ms)) return undefined;
  ms = Math.max(0, Math.min(ms, 600_000));
  return ms;
}

/** DRF's `{"detail": "..."}`, when the body is that (at most 300 characters of it). */
function serverDetail(body: string): string | undefined {
  const parsed = tryParseJson(body) as { detail?: unknown } | undefined;
  return typeof parsed?.detail === 'string' ? parsed.detail.slice(0, 300) : undefined;
}

/** The path and query of a URL, for messages (the origin is the server's name). */
function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.origin + u.pathname;
  } catch {
    return url;
  }
}

function describeCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} kB`;
}
