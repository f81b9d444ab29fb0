// A job gone quiet: Running, and nothing printed for `lava.quietMinutes`. Mesa's CI treats a
// board silent for 5 minutes as hung; we tell the user once per job and mark it in the view
// until it prints again. Driven by the injectable clock: tests move time, nothing sleeps for real.
import { Clock } from '../util/clock';
import { Emitter, Event } from '../util/emitter';

export interface QuietChange {
  serverUrl: string;
  jobId: string;
  quiet: boolean;
  /** True the first time this job went quiet (the one notification). */
  first: boolean;
}

interface Entry {
  serverUrl: string;
  jobId: string;
  running: boolean;
  /** When it last printed (or started running, or was first tracked). */
  lastOutput: number;
  quiet: boolean;
  told: boolean;
}

/**
 * The jobs watched for silence. Feed it: `track` (a followed or watched job), `running` (its state,
 * from events or the log arriving), `output` (it printed), `forget` (its end, or no longer followed).
 * `isQuiet` and `onDidChange` are what the LAVA view marks; a change with `first` is the notification.
 */
export class QuietJobs {
  private readonly entries = new Map<string, Entry>();
  private readonly changes = new Emitter<QuietChange>();
  readonly onDidChange: Event<QuietChange> = this.changes.event;
  private loop?: AbortController;
  private disposed = false;

  /** `quietMs` 0 = off. */
  constructor(
    private readonly clock: Clock,
    private quietMs: number,
  ) {}

  isQuiet(serverUrl: string, jobId: string): boolean {
    return this.entries.get(key(serverUrl, jobId))?.quiet === true;
  }

  /** Jobs watched now. */
  get size(): number {
    return this.entries.size;
  }

  /** A new limit (the setting changed); 0 turns detection off and clears every mark. */
  setQuietMs(ms: number): void {
    if (ms === this.quietMs) return;
    this.quietMs = ms;
    if (ms <= 0) for (const e of this.entries.values()) this.setQuiet(e, false);
    this.restartLoop();
  }

  /** Starts watching a job (again: nothing changes). */
  track(serverUrl: string, jobId: string, running = false): void {
    const k = key(serverUrl, jobId);
    if (this.entries.has(k)) {
      if (running) this.running(serverUrl, jobId, true);
      return;
    }
    this.entries.set(k, { serverUrl, jobId, running, lastOutput: this.clock.now(), quiet: false, told: false });
    this.ensureLoop();
  }

  /** The job's state: only a Running job can be quiet; its silence counts from when it runs. */
  running(serverUrl: string, jobId: string, running: boolean): void {
    const e = this.entries.get(key(serverUrl, jobId));
    if (!e || e.running === running) return;
    e.running = running;
    e.lastOutput = this.clock.now();
    if (!running) this.setQuiet(e, false);
    this.ensureLoop();
  }

  /** The job printed something. */
  output(serverUrl: string, jobId: string): void {
    const e = this.entries.get(key(serverUrl, jobId));
    if (!e) return;
    e.lastOutput = this.clock.now();
    if (e.quiet) {
      this.setQuiet(e, false);
      this.ensureLoop();
    }
  }

  forget(serverUrl: string, jobId: string): void {
    const k = key(serverUrl, jobId);
    const e = this.entries.get(k);
    if (!e) return;
    this.setQuiet(e, false);
    this.entries.delete(k);
  }

  /** Marks the jobs silent for the limit; the loop calls it, tests may too. */
  check(): void {
    if (this.quietMs <= 0) return;
    const now = this.clock.now();
    for (const e of this.entries.values()) {
      if (e.running && !e.quiet && now - e.lastOutput >= this.quietMs) this.setQuiet(e, true);
    }
  }

  /** When the next job may go quiet (clock ms), if any can. */
  nextDue(): number | undefined {
    if (this.quietMs <= 0) return undefined;
    let next: number | undefined;
    for (const e of this.entries.values()) {
      if (!e.running || e.quiet) continue;
      const due = e.lastOutput + this.quietMs;
      if (next === undefined || due < next) next = due;
    }
    return next;
  }

  dispose(): void {
    this.disposed = true;
    this.loop?.abort();
    this.loop = undefined;
    this.changes.dispose();
  }

  private setQuiet(e: Entry, quiet: boolean): void {
    if (e.quiet === quiet) return;
    e.quiet = quiet;
    const first = quiet && !e.told;
    if (first) e.told = true;
    this.changes.fire({ serverUrl: e.serverUrl, jobId: e.jobId, quiet, first });
  }

  private restartLoop(): void {
    this.loop?.abort();
    this.loop = undefined;
    this.ensureLoop();
  }

  /** One sleep at a time, until the next job is due; it ends when no job can go quiet. */
  private ensureLoop(): void {
    if (this.loop || this.disposed || this.nextDue() === undefined) return;
    const abort = new AbortController();
    this.loop = abort;
    void (async () => {
      try {
        this.check();
        for (let due = this.nextDue(); due !== undefined && !abort.signal.aborted; due = this.nextDue()) {
          await this.clock.sleep(Math.max(0, due - this.clock.now()), abort.signal);
          this.check();
        }
      } catch {
        // aborted
      } finally {
        if (this.loop === abort) this.loop = undefined;
      }
    })();
  }
}

function key(serverUrl: string, jobId: string): string {
  return `${serverUrl}\n${jobId}`;
}
