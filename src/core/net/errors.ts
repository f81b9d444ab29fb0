/**
 * Errors are values with a kind, so the follower decides "retry or stop" in one
 * place and the UI words each kind once.
 */
export type LavaErrorKind =
  | 'not-found' // 404: no such job (or a private job seen without the right token)
  | 'unauthorized' // 401/403: missing or invalid token
  | 'server' // 5xx
  | 'network' // connection refused / reset / DNS
  | 'timeout' // no answer within the request timeout
  | 'bad-response' // a 200 whose body is not what the protocol promises
  | 'http' // any other unexpected status (4xx)
  | 'aborted'; // we cancelled the request ourselves

export class LavaError extends Error {
  constructor(
    readonly kind: LavaErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LavaError';
  }

  /** Transient errors are retried at the same offset; the others end the follow. */
  get transient(): boolean {
    return this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout' || this.kind === 'bad-response';
  }
}

export function isAbort(err: unknown): boolean {
  return err instanceof LavaError ? err.kind === 'aborted' : (err as { name?: string })?.name === 'AbortError';
}
