import type { LogLine } from '../log/jobLog';
// core/follow — the polling loop of one job and what it needs: delays, clock, sources, channel text, registry.
import { Cadence } from './cadence';
import { Clock } from '../util/clock';
import { isAbort, LavaError } from '../net/errors';
import { LogSource } from './logSource';
import { JobOutcome } from '../model/job';
import { PollDelay, RetryBackoff } from './pollDelay';

/** Where a followed job's log and status go (an Output channel, a buffer in tests). */
export interface FollowSink {
  /** Log text, exactly as it should appear. */
  append(text: string): void;
  /** A line about the follow itself (reconnecting, restarted, waiting), not part of the log. */
  notice(event: FollowNotice): void;
  /** REST: the records behind the text that follows (before `append` of that text). */
  records?(lines: readonly LogLine[]): void;
}

export type FollowNotice =
  { kind: 'status'; message: string } | { kind: 'restarted' } | { kind: 'reconnecting'; error: LavaError } | { kind: 'reconnected' };

export type FollowEnd = { kind: 'finished'; outcome?: JobOutcome } | { kind: 'stopped' } | { kind: 'failed'; error: LavaError };

export interface FollowOptions {
  minDelayMs: number;
  maxDelayMs: number;
  /** Polling stays at `minDelayMs` this long after the last new data. */
  holdMs?: number;
  /** Growth of the delay between two empty polls after the hold, up to `maxDelayMs` (default 2.5). */
  backoffFactor?: number;
  /** From the start and when the job leaves the queue, until its log's first new data and for `startMs`: a poll every `startStepMs` (in place of the hold). */
  startMs?: number;
  startStepMs?: number;
  retryInitialMs: number;
  retryMaxMs: number;
  /** Learn the period of the server's log uploads and poll just after each (default true). */
  cadence?: boolean;
  /** Answers that are not the protocol, in a row, before the follow ends (default BAD_ANSWER_RETRIES). */
  badAnswerRetries?: number;
}

/** A proxy may answer garbage once or twice; more in a row means the URL is wrong or a login page is in the way. */
export const BAD_ANSWER_RETRIES = 4;

/**
 * Tuned with `npm run bench` (live latency): every 0.4 s for 2 s after new data (lines of an
 * active job come 0.1-2 s apart), then straight to 3 s (a quiet job costs 20 requests a minute,
 * and its next line waits 1.5 s on average; a ramp in between only adds requests at the start of
 * every quiet spell); until the log's first lines, a poll a second for 7 s from the follow's start
 * and from the job leaving the queue (LAVA uploads a job's first lines 5-6 s after it starts, and
 * 7 polls cost no more than the hold and the first 3 s step); between, the cadence of LAVA's log
 * uploads once learnt (cadence.ts).
 */
export const defaultFollowOptions: FollowOptions = {
  minDelayMs: 400,
  maxDelayMs: 3000,
  holdMs: 2000,
  backoffFactor: 8,
  startMs: 7000,
  startStepMs: 1000,
  retryInitialMs: 500,
  retryMaxMs: 5000,
};

/**
 * The polling loop shared by every protocol: one request at a time, at once
 * while the log grows, backing off while it is quiet, retrying transient
 * failures at the same offset, until the job finishes, fails or is stopped.
 */
export class JobFollower {
  private readonly controller = new AbortController();
  private running?: Promise<FollowEnd>;

  constructor(
    private readonly source: LogSource,
    private readonly sink: FollowSink,
    private readonly clock: Clock,
    private readonly options: FollowOptions = defaultFollowOptions,
  ) {}

  /** Starts the loop (once); resolves when it ends. */
  run(): Promise<FollowEnd> {
    this.running ??= this.loop();
    return this.running;
  }

  /** Stops at once: aborts the request in flight and any wait. */
  stop(): void {
    this.controller.abort();
  }

  private async loop(): Promise<FollowEnd> {
    const signal = this.controller.signal;
    const delay = new PollDelay({
      minMs: this.options.minDelayMs,
      maxMs: this.options.maxDelayMs,
      holdMs: this.options.holdMs,
      factor: this.options.backoffFactor ?? 2.5,
      startMs: this.options.startMs,
      startStepMs: this.options.startStepMs,
    });
    const retry = new RetryBackoff(this.options.retryInitialMs, this.options.retryMaxMs);
    // LAVA uploads a running job's log in batches (every 5 s by default): once their period is
    // known, the next poll waits for the next batch instead of holding at minDelayMs.
    const cadence = this.options.cadence === false ? undefined : new Cadence();
    let continued = false;
    let grewBefore = false;
    let missedWindow = false;
    let badAnswers = 0;
    let queued = false;
    try {
      for (;;) {
        if (signal.aborted) return { kind: 'stopped' };
        let wait: number;
        try {
          let delivered = 0;
          const startedAt = this.clock.now();
          const batch = await this.source.next(signal, (text, records) => {
            if (signal.aborted) return;
            if (records?.length) this.sink.records?.(records);
            if (!text) return;
            delivered += text.length;
            this.sink.append(text);
          });
          if (signal.aborted) return { kind: 'stopped' };
          badAnswers = 0;
          if (retry.failing) {
            retry.reset();
            this.sink.notice({ kind: 'reconnected' });
          }
          if (batch.restarted) this.sink.notice({ kind: 'restarted' });
          if (batch.status) this.sink.notice({ kind: 'status', message: batch.status });
          if (batch.records?.length) this.sink.records?.(batch.records);
          if (batch.text) this.sink.append(batch.text);
          if (batch.finished) return { kind: 'finished', outcome: batch.outcome };
          // The job left the queue: its log begins now, so the start's closer polls begin now too.
          if (queued && !batch.queued) delay.begin();
          queued = batch.queued === true;
          const grew = delivered > 0 || batch.text.length > 0 || (batch.received ?? 0) > 0;
          const active = grew || batch.more === true;
          // New data after an empty poll: the next poll after minDelayMs (a line rarely follows within a
          // round trip); a log that grew at two polls in a row, or a page cut short: at once.
          wait = delay.next(active);
          if (grew && !grewBefore && !batch.more) wait = this.options.minDelayMs;
          grewBefore = grew;
          if (batch.restarted) cadence?.reset();
          cadence?.observe(startedAt, grew, continued);
          continued = batch.more === true;
          const advice = batch.more ? undefined : cadence?.advise(this.clock.now());
          // A window passed without a batch: the job is quiet (nothing to upload), and when it prints
          // again lava-run uploads at once, off the grid: the usual backoff takes over.
          if (advice?.probe) wait = Math.min(wait, advice.waitMs);
          else if (advice && advice.passed === 0) wait = advice.waitMs;
          else if (advice && !missedWindow) {
            // The first window without a batch: lava-run had nothing to upload, and uploads the next
            // line as soon as it is printed, off the grid: poll as after new data, then back off.
            delay.next(true);
            wait = this.options.minDelayMs;
          }
          missedWindow = advice !== undefined && !advice.probe && advice.passed > 0;
          wait = Math.max(wait, batch.waitMs ?? 0);
        } catch (err) {
          if (signal.aborted || isAbort(err)) return { kind: 'stopped' };
          const error = asLavaError(err);
          if (error.retriedAFewTimes) badAnswers++;
          if (!error.transient && !(error.retriedAFewTimes && badAnswers <= (this.options.badAnswerRetries ?? BAD_ANSWER_RETRIES))) {
            return { kind: 'failed', error };
          }
          if (!retry.failing) this.sink.notice({ kind: 'reconnecting', error });
          wait = Math.max(retry.next(), error.retryAfterMs ?? 0);
        }
        if (wait > 0) await this.clock.sleep(wait, signal);
      }
    } catch (err) {
      // The wait itself failed (a clock or sink of ours): end the follow with it, never hang or spin.
      if (signal.aborted || isAbort(err)) return { kind: 'stopped' };
      return { kind: 'failed', error: asLavaError(err) };
    }
  }
}

/** A LavaError as it is; anything else is a bug of ours, which ends the follow with what it says. */
function asLavaError(err: unknown): LavaError {
  if (err instanceof LavaError) return err;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new LavaError('internal', `Internal error of LAVA Follow (please report it): ${message.slice(0, 300)}`);
}
