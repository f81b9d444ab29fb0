/**
 * How long to wait before the next poll: at once while the log grows, then
 * from `minMs` up to `maxMs` while it is quiet; back to "at once" on new data.
 */
export interface PollDelayOptions {
  minMs: number;
  maxMs: number;
  /** Growth factor between two empty polls. */
  factor?: number;
}

export class PollDelay {
  private current = 0;
  constructor(private readonly opts: PollDelayOptions) {}

  /** Call after each successful poll; returns the delay before the next one. */
  next(gotData: boolean): number {
    if (gotData) {
      this.current = 0;
    } else if (this.current === 0) {
      this.current = this.opts.minMs;
    } else {
      this.current = Math.min(this.opts.maxMs, Math.round(this.current * (this.opts.factor ?? 1.5)));
    }
    return this.current;
  }
}

/** Capped exponential backoff between retries after transient failures. */
export class RetryBackoff {
  private attempt = 0;
  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  next(): number {
    const ms = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    this.attempt++;
    return ms;
  }

  reset(): void {
    this.attempt = 0;
  }

  get failing(): boolean {
    return this.attempt > 0;
  }
}
