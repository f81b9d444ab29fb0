// core/net — talking HTTP to a LAVA server: requests, timeouts, tokens, errors as values.
import { LavaError } from './errors';
import { tryParseJson } from './json';
import { originOf } from './urls';

/** The platform's fetch (Node 18+, VS Code's extension host), injectable for tests. */
export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

/** A token and the one origin it may be sent to. */
export interface Credentials {
  origin: string;
  token: string;
}

export interface GetOptions {
  fetch: FetchFn;
  timeoutMs: number;
  /** Aborts the request at once (stop following, deactivation). */
  signal?: AbortSignal;
  credentials?: Credentials;
  accept?: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
}

const MAX_REDIRECTS = 5;

/**
 * GET `url` and return its body; statuses other than 2xx become LavaErrors,
 * except those listed in `allow` (e.g. 404 where it means "nothing new").
 * The Authorization header is only ever attached to a request whose origin is the
 * credentials' origin, redirects included.
 */
export async function httpGet(url: string, opts: GetOptions, allow: readonly number[] = []): Promise<HttpResponse> {
  if (opts.signal?.aborted) throw new LavaError('aborted', 'Request cancelled.');
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs);
  const onAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
      const origin = new URL(current).origin;
      if (opts.credentials && opts.credentials.origin === origin) {
        headers.Authorization = `Token ${opts.credentials.token}`;
      }
      const res = await opts.fetch(current, { headers, signal: controller.signal, redirect: 'manual' });
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel();
        if (hop >= MAX_REDIRECTS) throw new LavaError('http', `Too many redirects from ${url}.`, res.status);
        current = new URL(res.headers.get('location')!, current).toString();
        continue;
      }
      const body = await res.text();
      if ((res.status >= 200 && res.status < 300) || allow.includes(res.status)) {
        return { status: res.status, headers: res.headers, body };
      }
      throw statusError(res.status, current, body);
    }
  } catch (err) {
    if (err instanceof LavaError) throw err;
    if (opts.signal?.aborted) throw new LavaError('aborted', 'Request cancelled.');
    if (timedOut) throw new LavaError('timeout', `No answer from ${originOf(url)} within ${Math.round(opts.timeoutMs / 1000)} s.`);
    throw new LavaError('network', `Cannot reach ${originOf(url)}: ${describeCause(err)}.`);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

function statusError(status: number, url: string, body: string): LavaError {
  const detail = serverDetail(body);
  const suffix = detail ? ` (${detail})` : '';
  if (status === 404) return new LavaError('not-found', `Not found: ${url}${suffix}.`, status);
  if (status === 401 || status === 403) {
    return new LavaError('unauthorized', `The server refused access (HTTP ${status})${suffix}.`, status);
  }
  if (status >= 500) return new LavaError('server', `The server failed (HTTP ${status}).`, status);
  return new LavaError('http', `Unexpected HTTP ${status} from ${url}${suffix}.`, status);
}

/** DRF's `{"detail": "..."}`, when the body is that. */
function serverDetail(body: string): string | undefined {
  const parsed = tryParseJson(body) as { detail?: unknown } | undefined;
  return typeof parsed?.detail === 'string' ? parsed.detail : undefined;
}

function describeCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}
