/** What subscribing returns: `dispose()` unsubscribes (again: nothing). Fits `vscode.Disposable`. */
export interface Subscription {
  dispose(): void;
}

/** Subscribes a listener to an event (the shape of `vscode.Event`, without `thisArgs`). */
export type Event<T> = (listener: (value: T) => void) => Subscription;

interface Entry<T> {
  readonly listener: (value: T) => void;
  live: boolean;
}

/**
 * One event, for plain TypeScript (core has no `vscode.EventEmitter`). The owner keeps the
 * emitter private, calls `fire`, and exposes `event`.
 *
 * - A listener added while `fire` runs is called from the next `fire` on.
 * - A listener disposed while `fire` runs is not called any more, in that `fire` either.
 * - A listener that throws does not keep the others from being called: once all have run,
 *   `fire` throws that error (several: an AggregateError of them), so the owner's caller
 *   sees it as it would without the emitter.
 *
 * The listeners are an array replaced on each subscribe and dispose, so `fire` (the frequent
 * call: once per log batch) walks it without copying.
 */
export class Emitter<T = void> {
  private entries: readonly Entry<T>[] = [];

  readonly event: Event<T> = (listener) => {
    const entry: Entry<T> = { listener, live: true };
    this.entries = [...this.entries, entry];
    return {
      dispose: () => {
        if (!entry.live) return;
        entry.live = false;
        this.entries = this.entries.filter((e) => e !== entry);
      },
    };
  };

  /** How many listeners are subscribed. */
  get size(): number {
    return this.entries.length;
  }

  fire(value: T): void {
    let errors: unknown[] | undefined;
    for (const entry of this.entries) {
      if (!entry.live) continue;
      try {
        entry.listener(value);
      } catch (error) {
        (errors ??= []).push(error);
      }
    }
    if (errors) throw errors.length === 1 ? errors[0] : new AggregateError(errors, `${errors.length} listeners failed`);
  }

  /** Unsubscribes every listener. */
  dispose(): void {
    for (const entry of this.entries) entry.live = false;
    this.entries = [];
  }
}
