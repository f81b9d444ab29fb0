// core/util — "run once, a little after the last request, and only the latest run counts", per key
// (validation on save: one per document).

export type DebouncedRun = (key: string, isLatest: () => boolean) => Promise<void>;

/**
 * Debounces runs per key: `schedule(key)` (re)starts the key's timer; when it fires, `run` is
 * called with `isLatest()`, which turns false as soon as the key is scheduled again or
 * cancelled — a slow answer never overwrites a newer one, nor a closed document's.
 */
export class KeyedDebounce {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly generations = new Map<string, number>();
  private disposed = false;

  constructor(
    private readonly delayMs: number,
    private readonly run: DebouncedRun,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  schedule(key: string): void {
    if (this.disposed) return;
    const gen = this.bump(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.run(key, () => !this.disposed && this.generations.get(key) === gen).catch(this.onError);
      }, this.delayMs),
    );
  }

  /** Drops the key's pending run, and makes a run in flight not the latest. */
  cancel(key: string): void {
    this.bump(key);
  }

  /** Whether a run is waiting for its timer. */
  pending(key: string): boolean {
    return this.timers.has(key);
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private bump(key: string): number {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    const gen = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, gen);
    return gen;
  }
}
