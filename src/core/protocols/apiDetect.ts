import { LavaError } from '../net/errors';
import { Credentials, FetchFn, HTML_ANSWER, httpGet, isHtml, RequestOptions } from '../net/http';
import { tryParseJson } from '../net/json';
import { ServerApi, ServerConfig } from '../config/servers';
import { loginRequiredText, notLavaServerText, notRestText, plainLavaVersion } from '../text/messages';
import { restBase } from './rest/restUrls';

export type ResolvedApi = Exclude<ServerApi, 'auto'>;

/** The request timeout (ms), or how to read it when it is asked (a setting that may change). */
export type TimeoutSetting = number | (() => number);

/**
 * Which protocol a server speaks: its configured `api`, or — for `auto` — found out by asking:
 *
 * - `GET {base}/api/v0.2/` answers JSON with `jobs`: REST, remembered for the session;
 * - it answers 404 (JSON or not) or something that is not the REST root: the job's log-tail
 *   (`GET {base}/lava-server/job/{id}/log-tail?start=0`) is asked; a log-tail object there:
 *   log-tail, remembered; neither: a `bad-response` error saying the URL does not look like
 *   a LAVA server (nothing remembered);
 * - an HTML page, 429, 5xx, 405/406, a network error or a timeout: that error, nothing
 *   remembered (asked again next time; the follower retries the transient ones).
 *
 * One question per server (and job) is in flight at a time, shared by the callers that ask
 * meanwhile. It runs on its own (own AbortController, the request timeout): a caller that
 * stops waiting (its signal aborts) stops waiting at once without ending it for the others.
 */
export class ApiDetector {
  private readonly known = new Map<string, ResolvedApi>();
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    private readonly fetch: FetchFn,
    private readonly timeout: TimeoutSetting,
  ) {}

  /** `jobId`: the job to be followed (for the log-tail probe); without one a server whose REST root is 404 is taken as log-tail, not remembered. */
  resolve(server: ServerConfig, credentials?: Credentials, signal?: AbortSignal, jobId?: string): Promise<ResolvedApi> {
    if (server.api === 'rest' || server.api === 'log-tail') return Promise.resolve(server.api);
    const known = this.known.get(server.url);
    if (known) return Promise.resolve(known);
    if (signal?.aborted) return Promise.reject(new LavaError('aborted', 'Request cancelled.'));
    return untilAborted(this.detect(server, credentials, jobId), signal);
  }

  private async detect(server: ServerConfig, credentials: Credentials | undefined, jobId: string | undefined): Promise<ResolvedApi> {
    // The REST root is asked once per server at a time; the log-tail probe once per job.
    const root = await this.shared(server.url, () => askRestRoot(server.url, this.options(credentials)));
    if (root === 'rest') {
      this.known.set(server.url, 'rest');
      return 'rest';
    }
    if (jobId === undefined) return 'log-tail'; // no job to ask about (Find Job): not remembered
    const tail = await this.shared(`${server.url}\n${jobId}`, () => askLogTail(server.url, jobId, this.options(credentials)));
    if (tail === 'log-tail') {
      this.known.set(server.url, 'log-tail');
      return 'log-tail';
    }
    if (tail === 'refused') return 'log-tail'; // speaks log-tail but wants a token: the follow will say so
    throw new LavaError('bad-response', notLavaServerText(server.url));
  }

  /** The question in flight under `key`, or a new one (forgotten once answered). */
  private shared<T>(key: string, ask: () => Promise<T>): Promise<T> {
    let answer = this.pending.get(key) as Promise<T> | undefined;
    if (!answer) {
      const asked = ask();
      answer = asked;
      this.pending.set(key, asked);
      const forget = () => {
        if (this.pending.get(key) === asked) this.pending.delete(key);
      };
      asked.then(forget, forget);
    }
    return answer;
  }

  /** Requests of the detection itself: no caller's signal, the timeout as it is set now. */
  private options(credentials: Credentials | undefined): RequestOptions {
    const timeoutMs = typeof this.timeout === 'function' ? this.timeout() : this.timeout;
    return { fetch: this.fetch, timeoutMs, credentials };
  }
}

/**
 * `GET {base}/api/v0.2/`: 'rest' when it is LAVA's REST root, 'absent' when it is not there
 * (404, or an answer that is not the root); an HTML page at 200 (a login page in the way) and
 * every other failure are thrown. A LAVA with REQUIRE_LOGIN redirects an anonymous request (or
 * one with a token it does not know) to `…/accounts/login/?next=…` (lava_server/security.py):
 * an `unauthorized` error saying the server needs a token, with the version its open
 * `/api/v0.2/system/version/` (2023.04+) reports.
 */
async function askRestRoot(serverUrl: string, opts: RequestOptions): Promise<'rest' | 'absent'> {
  const url = `${restBase(serverUrl)}/`;
  let toLogin = false;
  const fetch: FetchFn = async (input, init) => {
    const res = await opts.fetch(input, init);
    if (res.status >= 300 && res.status < 400 && isLoginRedirect(res.headers.get('location'))) toLogin = true;
    return res;
  };
  const res = await httpGet(url, { ...opts, fetch }, [404]);
  if (res.status === 404) return 'absent';
  if (toLogin && isHtml(res.headers, res.body)) {
    const version = await askVersion(serverUrl, opts);
    throw new LavaError('unauthorized', loginRequiredText(serverUrl, version, opts.credentials !== undefined), 302);
  }
  if (isHtml(res.headers, res.body)) throw new LavaError('bad-response', `${serverUrl} ${HTML_ANSWER} (HTTP ${res.status})`, res.status);
  const root = tryParseJson(res.body);
  return typeof root === 'object' && root !== null && !Array.isArray(root) && 'jobs' in root ? 'rest' : 'absent';
}

/** Django's redirect_to_login: `<mount point>/accounts/login/?next=<path>`. */
function isLoginRedirect(location: string | null): boolean {
  if (location === null) return false;
  try {
    const u = new URL(location, 'http://x/');
    return /\/accounts\/login\/?$/.test(u.pathname) && u.searchParams.has('next');
  } catch {
    return false;
  }
}

/**
 * `GET {base}/api/v0.2/system/version/` (open on REQUIRE_LOGIN servers from 2023.04): the
 * version when it is a plain release name, else undefined (a failure included: only a detail).
 */
export async function askVersion(serverUrl: string, opts: RequestOptions): Promise<string | undefined> {
  try {
    const res = await httpGet(`${restBase(serverUrl)}/system/version/`, { ...opts, maxBodyBytes: 4096 });
    const v = tryParseJson(res.body) as { version?: unknown } | undefined;
    return plainLavaVersion(v?.version);
  } catch (err) {
    if (err instanceof LavaError && err.kind === 'aborted') throw err;
    return undefined;
  }
}

/** `GET {base}/lava-server/job/{id}/log-tail?start=0`: a log-tail object, a refusal (401/403), or nothing of the kind. */
async function askLogTail(serverUrl: string, jobId: string, opts: RequestOptions): Promise<'log-tail' | 'refused' | 'absent'> {
  const url = `${serverUrl}/lava-server/job/${encodeURIComponent(jobId)}/log-tail?start=0`;
  let body: string;
  try {
    body = (await httpGet(url, opts)).body;
  } catch (err) {
    if (!(err instanceof LavaError)) throw err;
    if (err.kind === 'unauthorized') return 'refused';
    if (err.kind === 'not-found' || err.kind === 'http' || err.kind === 'bad-response') return 'absent';
    throw err;
  }
  const v = tryParseJson(body) as Record<string, unknown> | undefined;
  const isTail =
    typeof v === 'object' &&
    v !== null &&
    typeof v.is_finished === 'boolean' &&
    typeof v.new_size === 'number' &&
    typeof v.content === 'string';
  return isTail ? 'log-tail' : 'absent';
}

/**
 * Why a server gives 404 for a job of the REST API when that is not "no such job": its
 * REST root is not there either (`api: rest` set for a server without it, a mistyped
 * URL). Undefined when the REST root answers (the job is really not there) or cannot be
 * told; transient failures are thrown (the follower retries them).
 */
export async function notRestMessage(serverUrl: string, opts: RequestOptions): Promise<string | undefined> {
  try {
    if ((await askRestRoot(serverUrl, opts)) === 'rest') return undefined;
  } catch (err) {
    // Transient, aborted, or an HTML page (its own message says more): as it is. Anything else: cannot tell.
    if (err instanceof LavaError && (err.transient || err.kind === 'aborted' || err.kind === 'bad-response')) throw err;
    return undefined;
  }
  return notRestText(serverUrl);
}

/** `answer`, or an `aborted` LavaError as soon as `signal` aborts (the answer goes on for others). */
function untilAborted<T>(answer: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return answer;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new LavaError('aborted', 'Request cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    answer.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
