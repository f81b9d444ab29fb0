import { Emitter } from '../util/emitter';

/** Identifies a followed job: the server's base URL and the job id. */
export function jobKey(serverUrl: string, jobId: string): string {
  return `${serverUrl}#${jobId}`;
}

export interface Stoppable {
  stop(): void;
}

/**
 * The jobs being followed, by key, with a change event (for the status bar and
 * the Stop Following picker). Holds no UI and no timers.
 */
export class FollowRegistry<T extends Stoppable> {
  private readonly jobs = new Map<string, T>();
  private readonly changes = new Emitter();
  /** Fires when a job is added or removed. */
  readonly onDidChange = this.changes.event;

  get(key: string): T | undefined {
    return this.jobs.get(key);
  }

  add(key: string, job: T): void {
    this.jobs.get(key)?.stop();
    this.jobs.set(key, job);
    this.changed();
  }

  /** Removes `job` if it is still the one followed under `key`. */
  remove(key: string, job: T): void {
    if (this.jobs.get(key) !== job) return;
    this.jobs.delete(key);
    this.changed();
  }

  /** Stops `job` at once and forgets it. */
  stop(key: string, job: T): void {
    job.stop();
    this.remove(key, job);
  }

  list(): T[] {
    return [...this.jobs.values()];
  }

  get size(): number {
    return this.jobs.size;
  }

  stopAll(): void {
    const jobs = this.list();
    this.jobs.clear();
    for (const job of jobs) job.stop();
    if (jobs.length) this.changed();
  }

  private changed(): void {
    this.changes.fire();
  }
}
