// core/follow — the whole logs of jobs whose follow just ended, kept a while (bounded) for what asks next.

/** What is kept: something with a size in characters. */
export interface Sized {
  readonly size: number;
}

/** How much is kept: at most `count` logs and `chars` characters in all (the oldest go first). */
export interface EndedLogsLimits {
  count: number;
  chars: number;
}

/** Eight logs, 64 Mi characters in all: a few hundred MB of memory at most, usually far less. */
export const DEFAULT_ENDED_LOGS: EndedLogsLimits = { count: 8, chars: 64 * 1024 * 1024 };

/**
 * A job followed to its end has its whole log in memory. What is asked for next is often that
 * same log (its document, a test case's line in it): kept here, it is shown at once and not read
 * from the server again. Bounded by count and size; a log larger than the whole budget is not kept.
 */
export class EndedLogs<T extends Sized> {
  private readonly kept = new Map<string, T>();
  private chars = 0;

  constructor(private readonly limits: EndedLogsLimits = DEFAULT_ENDED_LOGS) {}

  /** Keeps `log` under `key` (replacing what was kept for it), dropping the oldest beyond the limits. */
  keep(key: string, log: T): void {
    this.drop(key);
    if (log.size > this.limits.chars || this.limits.count <= 0) return;
    this.kept.set(key, log);
    this.chars += log.size;
    for (const [oldest, value] of this.kept) {
      if (this.kept.size <= this.limits.count && this.chars <= this.limits.chars) break;
      this.kept.delete(oldest);
      this.chars -= value.size;
    }
  }

  get(key: string): T | undefined {
    return this.kept.get(key);
  }

  /** Forgets a job's log (it is followed again, or its channel was closed). */
  drop(key: string): void {
    const value = this.kept.get(key);
    if (!value) return;
    this.kept.delete(key);
    this.chars -= value.size;
  }

  /** Characters kept in all. */
  get size(): number {
    return this.chars;
  }

  get count(): number {
    return this.kept.size;
  }
}
