/**
 * How long to wait before the next poll: at once while the log grows; then, while
 * it is quiet, `minMs` for the first `holdMs` (a job printing a line every second
 * or two is still active), then growing by `factor` up to `maxMs`; back to "at
 * once" on new data. Before a log's first data: `startStepMs` for `startMs`.
 */
export interface PollDelayOptions {
  minMs: number;
  maxMs: number;
  /** How long after the last new data polling stays at `minMs`. */
  holdMs: number;
  /** Growth factor between two empty polls after the hold. */
  factor: number;
  /**
   * From the first poll, and again after `begin()` (the job has just left the queue), until the first
   * new data and for this long: a poll every `startStepMs` in place of the hold (a log that has not
   * begun has no line to follow closely; LAVA uploads its first lines within a few seconds). 0: none.
   */
  startMs: number;
  startStepMs: number;
}

export class PollDelay {
  private current = 0;
  private quietFor = 0;
  private starting = true;
  constructor(private readonly opts: PollDelayOptions) {}

  /** The log is about to begin (its job was queued until now): the start's polls, until its first data. */
  begin(): void {
    this.starting = true;
    this.current = 0;
    this.quietFor = 0;
  }

  /** Call after each successful poll; returns the delay before the next one. */
  next(gotData: boolean): number {
    if (gotData) {
      this.starting = false;
      this.current = 0;
      this.quietFor = 0;
    } else if (this.starting && this.opts.startStepMs && this.quietFor < this.opts.startMs) {
      this.current = this.opts.startStepMs;
    } else if (this.current === 0 || this.quietFor < this.opts.holdMs) {
      this.current = this.opts.minMs;
    } else {
      this.current = Math.min(this.opts.maxMs, Math.round(this.current * this.opts.factor));
    }
    this.quietFor += this.current;
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
