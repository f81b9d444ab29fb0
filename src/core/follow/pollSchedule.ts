import { Cadence } from './cadence';
import { PollDelay } from './pollDelay';

/** How a follow polls (the follower's options without the retries'). */
export interface ScheduleOptions {
  minDelayMs: number;
  maxDelayMs: number;
  /** Polling stays at `minDelayMs` this long after the last new data. */
  holdMs: number;
  /** Growth of the delay between two empty polls after the hold, up to `maxDelayMs`. */
  backoffFactor: number;
  /** From the start and when the job leaves the queue, until its log's first new data and for `startMs`: a poll every `startStepMs` (in place of the hold). */
  startMs: number;
  startStepMs: number;
  /** Learn the period of the server's log uploads and poll just after each (default true). */
  cadence?: boolean;
}

/** What one successful poll saw (of a job that is not over). */
export interface PollObservation {
  /** When the poll began and ended (clock ms). */
  startedAt: number;
  now: number;
  /** The log grew: something delivered, or lines received that the user does not see (hidden levels, blank lines). */
  grew: boolean;
  /** The answer was cut at the source's page size: more is there now. */
  more: boolean;
  /** The job waits in the queue. */
  queued: boolean;
  /** The log restarted from its beginning on the server. */
  restarted: boolean;
  /** The source knows nothing can change sooner than this. */
  waitMs?: number;
}

/**
 * When to poll next, from what each poll saw: at once while pages are cut short, `minDelayMs`
 * after new data, then the backoff (pollDelay.ts); a poll a `startStepMs` until the log's first
 * lines (from the start, and again when the job leaves the queue); between, once learnt, just
 * after each of the server's log uploads (cadence.ts). A failed poll is not observed: retries
 * have their own backoff (RetryBackoff).
 */
export class PollSchedule {
  private readonly delay: PollDelay;
  /** LAVA uploads a running job's log in batches (every 5 s by default): once their period is known, the next poll waits for the next batch. */
  private readonly cadence?: Cadence;
  private queued = false;
  private grewBefore = false;
  private continued = false;
  private missedWindow = false;

  constructor(private readonly opts: ScheduleOptions) {
    this.delay = new PollDelay({
      minMs: opts.minDelayMs,
      maxMs: opts.maxDelayMs,
      holdMs: opts.holdMs,
      factor: opts.backoffFactor,
      startMs: opts.startMs,
      startStepMs: opts.startStepMs,
    });
    this.cadence = opts.cadence === false ? undefined : new Cadence();
  }

  /** The wait before the next poll (ms), after a poll that saw `o`. */
  next(o: PollObservation): number {
    // The job left the queue: its log begins now, so the start's closer polls begin now too.
    if (this.queued && !o.queued) this.delay.begin();
    this.queued = o.queued;
    // New data after an empty poll: the next poll after minDelayMs (a line rarely follows within a
    // round trip); a log that grew at two polls in a row, or a page cut short: at once.
    let wait = this.delay.next(o.grew || o.more);
    if (o.grew && !this.grewBefore && !o.more) wait = this.opts.minDelayMs;
    this.grewBefore = o.grew;
    if (o.restarted) this.cadence?.reset();
    this.cadence?.observe(o.startedAt, o.grew, this.continued);
    this.continued = o.more;
    const advice = o.more ? undefined : this.cadence?.advise(o.now);
    if (advice?.probe) wait = Math.min(wait, advice.waitMs);
    else if (advice && advice.passed === 0) wait = advice.waitMs;
    else if (advice && !this.missedWindow) {
      // The first window without a batch: lava-run had nothing to upload, and uploads the next
      // line as soon as it is printed, off the grid: poll as after new data, then back off.
      this.delay.next(true);
      wait = this.opts.minDelayMs;
    }
    // Later windows without a batch: the job is quiet, the usual backoff takes over.
    this.missedWindow = advice !== undefined && !advice.probe && advice.passed > 0;
    return Math.max(wait, o.waitMs ?? 0);
  }
}
