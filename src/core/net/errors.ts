/**
 * Errors are values with a kind, so the follower decides "retry or stop" in one
 * place and the UI words each kind once.
 */
export type LavaErrorKind =
  | 'not-found' // 404: no such job (or a private job seen without the right token)
  | 'unauthorized' // 401/403: missing or invalid token
  | 'server' // 5xx: LAVA restarting, a proxy without its backend
  | 'rate-limited' // 429: wait as long as the server asks
  | 'network' // connection refused / reset / DNS
  | 'timeout' // the server was silent longer than the request timeout
  | 'bad-response' // an answer that is not the protocol (HTML, not JSON, wrong fields)
  | 'too-large' // a body over the size limit
  | 'http' // any other unexpected status (4xx)
  | 'internal' // a bug of ours: never retried silently
  | 'aborted'; // we cancelled the request ourselves

export class LavaError extends Error {
  constructor(
    readonly kind: LavaErrorKind,
    message: string,
    readonly status?: number,
    /** How long the server asked us to wait (Retry-After), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'LavaError';
  }

  /** The server is away or busy: retried at the same offset for as long as it takes (LAVA restarts). */
  get transient(): boolean {
    return this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout' || this.kind === 'rate-limited';
  }

  /** The answer was not the protocol: retried a few times (a proxy hiccup), then the follow ends. */
  get retriedAFewTimes(): boolean {
    return this.kind === 'bad-response';
  }
}

export function isAbort(err: unknown): boolean {
  return err instanceof LavaError ? err.kind === 'aborted' : (err as { name?: string })?.name === 'AbortError';
}
