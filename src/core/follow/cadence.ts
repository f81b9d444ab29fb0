// core/follow — learns when a job's log lands on the server: LAVA's lava-run uploads a job's
// output in batches (every 5 s by default, LAVA_JOB_LOG_INTERVAL), so new log appears at a
// steady period and phase. Knowing both, the follower asks right after a batch lands and
// not in between.

/** When the log was seen to grow: some time after `lo` (an empty poll) and at `hi` at the latest (the poll that found it). */
interface Landing {
  lo: number;
  hi: number;
}

export interface CadenceOptions {
  /** Periods outside [minPeriodMs, maxPeriodMs] are not batches (default 1500-30000 ms). */
  minPeriodMs?: number;
  maxPeriodMs?: number;
  /** A landing known no better than this is not used to learn the period (default 2000 ms). */
  maxWidthMs?: number;
  /** Landings in a row that fit one period before it is trusted (default 3: two periods). */
  confirm?: number;
  /** How long after the latest possible landing time to ask (default 60 ms: the server's own delay). */
  marginMs?: number;
  /**
   * The period most servers use (LAVA's LAVA_JOB_LOG_INTERVAL, default 5000 ms): two landings
   * that agree with it are trusted at once; any other period needs `confirm` landings.
   */
  likelyPeriodMs?: number;
}

/** What the cadence suggests for the next poll. */
export interface CadenceAdvice {
  /** Wait this long before the next poll. */
  waitMs: number;
  /** The estimated landing window of the next batch (absolute clock times). */
  window: { lo: number; hi: number };
  /** The batch is later than its window: asking again shortly. */
  late: boolean;
  /** Windows passed since the last batch without one (a quiet job uploads nothing). */
  passed: number;
  /** No period learnt yet: a probe of the likely one (take it only when it comes before the usual poll). */
  probe: boolean;
}

const HISTORY = 8;
/** Landings used for the phase: older ones drift (LAVA's next upload waits for the next record after 5 s). */
const PHASE_LANDINGS = 3;
/** After a window passes without a batch: ask every GRACE_STEP_MS for GRACE_MS (at most a third of the period). */
const GRACE_MS = 900;
const GRACE_STEP_MS = 300;
const MIN_WAIT_MS = 50;
/** Periods below this need two more landings to be trusted. */
const SHORT_PERIOD_MS = 3000;
const PRE_POLL_MS = 150;
/** How far apart the polls through a wide window are (the first batches, before their phase is known). */
const WIDE_STEP_MS = 500;
/** A batch found this much before its window opened is not of this cadence. */
const EARLY_MS = 100;
/** How much one upload interval may differ from the next (LAVA's waits for the next record after it). */
const JITTER_MS = 120;

/**
 * Learns the period and phase of a log that grows in batches from what the follower's polls
 * saw: each poll that found new data after an empty one brackets a landing between the two.
 * Landings whose spacings are (multiples of) one period — a batch interval with no output
 * uploads nothing — give the period; the brackets, shifted onto one another by whole periods,
 * narrow the phase. Anything off the grid (the interval changed, lava-run restarted its timer
 * after a quiet spell) starts the learning again from that landing, so a wrong guess costs
 * a little latency, never a line: the cadence only decides when to ask.
 */
export class Cadence {
  private readonly landings: Landing[] = [];
  private lastPoll?: { at: number; gotData: boolean };
  private periodMs?: number;
  private readonly opts: Required<CadenceOptions>;

  constructor(opts: CadenceOptions = {}) {
    this.opts = {
      minPeriodMs: opts.minPeriodMs ?? 1500,
      maxPeriodMs: opts.maxPeriodMs ?? 30000,
      maxWidthMs: opts.maxWidthMs ?? 2000,
      confirm: opts.confirm ?? 3,
      marginMs: opts.marginMs ?? 60,
      likelyPeriodMs: opts.likelyPeriodMs ?? 5000,
    };
  }

  /** The learned period, once trusted. */
  get period(): number | undefined {
    return this.periodMs;
  }

  /** Forgets everything (the log restarted). */
  reset(): void {
    this.landings.length = 0;
    this.lastPoll = undefined;
    this.periodMs = undefined;
  }

  /**
   * One poll's outcome: `startedAt` is when its request was sent; `gotData` whether the log
   * had grown. `continued` marks a poll that only went on reading (a page cut at the page size):
   * not a new landing.
   */
  observe(startedAt: number, gotData: boolean, continued = false): void {
    const prev = this.lastPoll;
    this.lastPoll = { at: startedAt, gotData };
    // The new log landed after the previous poll (which took everything there was) and by this one.
    if (!gotData || continued || !prev) return;
    this.add({ lo: prev.at, hi: startedAt });
  }

  /**
   * When to poll next, given the time now; undefined while no period is trusted. Just after
   * the next batch's latest landing time (its middle while the window is wide: the empty half
   * narrows it); a batch that is late is asked for every `graceStepMs` for `graceMs`, then the
   * next period's window is waited for.
   */
  advise(now: number): CadenceAdvice | undefined {
    if (this.landings.length === 0) return undefined;
    // Not learnt yet: probe the likely period's next window from the last landing (the follower
    // keeps its own backoff too, and takes whichever poll comes first).
    const probe = this.periodMs === undefined;
    if (probe && !this.spacedLikeBatches()) return undefined;
    const p = this.periodMs ?? this.opts.likelyPeriodMs;
    const phase = probe ? this.landings[this.landings.length - 1] : this.phase(p);
    const grace = Math.min(GRACE_MS, p / 3);
    // The window of the next batch not yet seen (still ahead, or just passed and within grace).
    const k = Math.max(1, Math.ceil((now - phase.hi - this.opts.marginMs - grace) / p));
    if (probe && k > 1) return undefined;
    let lo = phase.lo + k * p;
    const hi = phase.hi + k * p;
    // Past the window, within its grace: asked again shortly (a probe too: the batch may only be slow).
    if (now > hi + this.opts.marginMs) return { waitMs: GRACE_STEP_MS, window: { lo, hi }, late: true, passed: k - 1, probe };
    const last = this.lastPoll;
    if (last && !last.gotData && last.at > lo) lo = Math.min(last.at, hi);
    // A wide window is asked through every WIDE_STEP_MS, or at its middle once that is nearer (the
    // empty part narrows it); a narrow one is asked just before it opens (so the batch's landing
    // stays known to a few hundred ms) and just after it closes.
    const before = lo - PRE_POLL_MS;
    const asked = last !== undefined && !last.gotData && last.at >= before - PRE_POLL_MS;
    const target =
      k > 1
        ? hi + this.opts.marginMs
        : hi - lo > 400
          ? Math.min(lo + (hi - lo) / 2, Math.max(lo, now) + WIDE_STEP_MS)
          : !asked && before > now + MIN_WAIT_MS
            ? before
            : hi + this.opts.marginMs;
    return { waitMs: Math.max(MIN_WAIT_MS, Math.round(target - now)), window: { lo, hi }, late: false, passed: k - 1, probe };
  }

  /**
   * Whether the latest landings look like uploads of the likely period: the latest came long enough
   * after the one before it, or follows closely one that did (lava-run may post twice in a row), or
   * is the only one known. Lines printed a second or two apart and fetched as they come are not
   * worth probing for.
   */
  private spacedLikeBatches(): boolean {
    const ls = this.landings;
    const spaced = (k: number) => k < 1 || ls[k].lo - ls[k - 1].hi >= this.opts.likelyPeriodMs / 2;
    return spaced(ls.length - 1) || spaced(ls.length - 2);
  }

  /** The phase: the landing brackets shifted onto the latest one's period and intersected. */
  private phase(p: number): Landing {
    const last = this.landings[this.landings.length - 1];
    let lo = last.lo;
    let hi = last.hi;
    for (const l of this.landings.slice(-PHASE_LANDINGS)) {
      const k = Math.round((last.hi - l.hi) / p);
      const slo = l.lo + k * p;
      const shi = l.hi + k * p;
      if (Math.max(lo, slo) < Math.min(hi, shi)) {
        lo = Math.max(lo, slo);
        hi = Math.min(hi, shi);
      }
    }
    return { lo, hi };
  }

  private add(l: Landing): void {
    const width = l.hi - l.lo;
    const p = this.periodMs;
    if (p !== undefined) {
      // Trusted: does the landing fit the grid?
      const phase = this.phase(p);
      const k = Math.round((l.hi - phase.hi) / p);
      const tol = Math.max(250, p * 0.08);
      // LAVA never uploads early (it waits out the interval): found before the window opened is off the grid.
      // Nor does it after a window without a batch: lava-run uploads the first line after a quiet
      // spell at once, on a new phase.
      if (k === 1 && l.hi >= phase.lo + p - EARLY_MS && l.lo <= phase.hi + p + tol) {
        this.push(l);
        this.periodMs = this.estimate() ?? p;
        return;
      }
      // Off the grid: learn again from here.
      this.landings.length = 0;
      this.periodMs = undefined;
    }
    if (width > this.opts.maxWidthMs) {
      // Too vague to learn from; it still tells where the log stands.
      this.landings.length = 0;
      this.push(l);
      return;
    }
    this.push(l);
    this.periodMs = this.estimate();
  }

  private push(l: Landing): void {
    this.landings.push(l);
    if (this.landings.length > HISTORY) this.landings.shift();
  }

  /**
   * The period that the recent landings' spacings are whole multiples of, when at least
   * `confirm` landings in a row agree with it; undefined otherwise.
   */
  private estimate(): number | undefined {
    const ls = this.landings.filter((l) => l.hi - l.lo <= this.opts.maxWidthMs);
    if (ls.length < 2) return undefined;
    if (ls.length < this.opts.confirm) {
      // Two landings one likely period apart (as far as their brackets tell): LAVA's default interval.
      const [a, b] = ls.slice(-2);
      const likely = this.opts.likelyPeriodMs;
      const tol = Math.max(JITTER_MS, likely * 0.03);
      return b.lo - a.hi - tol <= likely && likely <= b.hi - a.lo + tol && b.hi - b.lo <= 1000 ? likely : undefined;
    }
    const mids = ls.map((l) => (l.lo + l.hi) / 2);
    let base = Infinity;
    for (let i = 1; i < mids.length; i++) base = Math.min(base, mids[i] - mids[i - 1]);
    if (base < this.opts.minPeriodMs || base > this.opts.maxPeriodMs) return undefined;
    // Whole periods between the first landing and each other one.
    const periods = [0];
    for (let i = 1; i < ls.length; i++) {
      const k = Math.round((mids[i] - mids[i - 1]) / base);
      if (k < 1 || k > 3) return undefined;
      periods.push(periods[i - 1] + k);
    }
    // The periods every pair of brackets allows (with a little jitter), intersected.
    const jitter = Math.max(JITTER_MS, base * 0.03);
    let min = 0;
    let max = Infinity;
    for (let i = 0; i < ls.length; i++)
      for (let j = i + 1; j < ls.length; j++) {
        const k = periods[j] - periods[i];
        min = Math.max(min, (ls[j].lo - ls[i].hi) / k - jitter);
        max = Math.min(max, (ls[j].hi - ls[i].lo) / k + jitter);
      }
    if (min > max) return undefined;
    const period = (min + max) / 2;
    // Lines that come at random 1-2 s apart fit a short period by chance more often: ask for more landings.
    if (period < SHORT_PERIOD_MS && ls.length < this.opts.confirm + 2) return undefined;
    return period;
  }
}
