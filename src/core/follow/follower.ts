// core/follow — the polling loop of one job and what it needs: delays, clock, sources, channel text, registry.
import { Clock } from '../util/clock';
import { isAbort, LavaError } from '../net/errors';
import { LogData, LogSource, SourceEvent } from './logSource';
import { JobOutcome } from '../model/job';
import { RetryBackoff } from './pollDelay';
import { PollSchedule, ScheduleOptions } from './pollSchedule';

/** Where a followed job's log and status go (an Output channel and a JobLog, a buffer in tests). */
export interface FollowSink {
  /** The log as its source delivered it, in order: REST records are formatted here (recordText.ts). */
  data(data: LogData): void;
  /** Something about the job or the follow itself (queued, reconnecting, restarted…), not part of the log. */
  notice(event: FollowNotice): void;
}

export type FollowNotice = SourceEvent | { kind: 'reconnecting'; error: LavaError } | { kind: 'reconnected' };

export type FollowEnd = { kind: 'finished'; outcome?: JobOutcome } | { kind: 'stopped' } | { kind: 'failed'; error: LavaError };

export interface FollowOptions extends ScheduleOptions {
  retryInitialMs: number;
  retryMaxMs: number;
  /** Answers that are not the protocol, in a row, before the follow ends (default BAD_ANSWER_RETRIES). */
  badAnswerRetries?: number;
}

/** A proxy may answer garbage once or twice; more in a row means the URL is wrong or a login page is in the way. */
export const BAD_ANSWER_RETRIES = 4;

/**
 * The one set of defaults. Tuned with `npm run bench` (live latency): every 0.4 s for 2 s after
 * new data (lines of an active job come 0.1-2 s apart), then straight to 3 s (a quiet job costs 20
 * requests a minute, and its next line waits 1.5 s on average; a ramp in between only adds
 * requests at the start of every quiet spell); until the log's first lines, a poll a second for
 * 7 s from the follow's start and from the job leaving the queue (LAVA uploads a job's first lines
 * 5-6 s after it starts, and 7 polls cost no more than the hold and the first 3 s step); between,
 * the cadence of LAVA's log uploads once learnt (cadence.ts).
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
 * The polling loop shared by every protocol: one request at a time; each poll hands what it
 * brings to the sink, then the schedule (pollSchedule.ts) says how long to wait; transient
 * failures are retried at the same offset, until the job finishes, fails or is stopped.
 */
export class JobFollower {
  private readonly controller = new AbortController();
  private running?: Promise<FollowEnd>;
  /** Ends the wait in progress (undefined while a poll is in flight). */
  private waking?: AbortController;
  /** `wake()` came while a poll was in flight. */
  private wakePending = false;

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

  /**
   * Polls now: ends the wait in progress (something said the job changed). While a poll is in
   * flight, the next one follows it at once (one poll at a time; the one in flight may have asked
   * before the change).
   */
  wake(): void {
    if (this.waking) this.waking.abort();
    else this.wakePending = true;
  }

  private async loop(): Promise<FollowEnd> {
    const signal = this.controller.signal;
    const schedule = new PollSchedule(this.options);
    const retry = new RetryBackoff(this.options.retryInitialMs, this.options.retryMaxMs);
    let badAnswers = 0;
    try {
      for (;;) {
        if (signal.aborted) return { kind: 'stopped' };
        let wait: number;
        try {
          // Poll: what arrives goes to the sink as it comes.
          const startedAt = this.clock.now();
          let delivered = false;
          const batch = await this.source.next(signal, (data) => {
            if (signal.aborted) return;
            delivered ||= data.kind === 'text' ? data.text !== '' : data.lines.length > 0;
            this.sink.data(data);
          });
          if (signal.aborted) return { kind: 'stopped' };
          // Hand over the rest: what the poll says about the follow and the job.
          badAnswers = 0;
          if (retry.failing) {
            retry.reset();
            this.sink.notice({ kind: 'reconnected' });
          }
          if (batch.event) this.sink.notice(batch.event);
          if (batch.finished) return { kind: 'finished', outcome: batch.outcome };
          // Ask the schedule.
          wait = schedule.next({
            startedAt,
            now: this.clock.now(),
            grew: delivered || (batch.received ?? 0) > 0,
            more: batch.more === true,
            queued: batch.queued === true,
            restarted: batch.event?.kind === 'restarted',
            waitMs: batch.waitMs,
          });
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
        // Sleep, unless woken meanwhile.
        if (this.wakePending) wait = 0;
        this.wakePending = false;
        if (wait > 0) await this.sleep(wait, signal);
      }
    } catch (err) {
      // The wait itself failed (a clock or sink of ours): end the follow with it, never hang or spin.
      if (signal.aborted || isAbort(err)) return { kind: 'stopped' };
      return { kind: 'failed', error: asLavaError(err) };
    }
  }

  /** Waits `ms`, or until `wake()` or `stop()`. */
  private async sleep(ms: number, signal: AbortSignal): Promise<void> {
    const waking = new AbortController();
    const stop = () => waking.abort();
    signal.addEventListener('abort', stop, { once: true });
    this.waking = waking;
    try {
      await this.clock.sleep(ms, waking.signal);
    } catch (err) {
      // Woken: the next poll now. Stopped, or a failure of the clock: the loop ends with it.
      if (signal.aborted || !waking.signal.aborted) throw err;
    } finally {
      this.waking = undefined;
      signal.removeEventListener('abort', stop);
    }
  }
}

/** A LavaError as it is; anything else is a bug of ours, which ends the follow with what it says. */
function asLavaError(err: unknown): LavaError {
  if (err instanceof LavaError) return err;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new LavaError('internal', `Internal error of LAVA Follow (please report it): ${message.slice(0, 300)}`);
}
