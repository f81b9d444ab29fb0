// A seeded fault schedule: for each request it considers, decides whether to inject
// a fault and which one, from the simulator's PRNG (mulberry32), so that the same
// seed and the same sequence of requests give the same faults.
import { FAULT_KINDS, FaultKind } from './faults';
import { mulberry32 } from './growingLog';

export interface ChaosOptions {
  /** PRNG seed (any integer; taken modulo 2^32). */
  seed: number;
  /** Probability in [0, 1] that a considered request gets a fault. */
  rate: number;
  /** The kinds to choose from (uniformly, among those that can apply to the request). */
  kinds: FaultKind[];
  /** Only requests about this job are considered (default: every request). */
  jobId?: string;
  /** http429's Retry-After, in seconds (default 1). */
  retryAfterSeconds?: number;
}

export class FaultSchedule {
  readonly seed: number;
  readonly rate: number;
  readonly kinds: readonly FaultKind[];
  readonly jobId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** Requests considered so far (each one used exactly two PRNG draws). */
  considered = 0;
  private readonly rng: () => number;

  constructor(opts: ChaosOptions) {
    if (!(opts.rate >= 0 && opts.rate <= 1)) throw new Error(`chaos rate must be in [0, 1], got ${opts.rate}`);
    if (!opts.kinds.length) throw new Error('chaos needs at least one fault kind');
    for (const k of opts.kinds) if (!FAULT_KINDS.includes(k)) throw new Error(`unknown fault kind ${JSON.stringify(k)}`);
    this.seed = opts.seed;
    this.rate = opts.rate;
    this.kinds = [...opts.kinds];
    this.jobId = opts.jobId;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.rng = mulberry32(opts.seed);
  }

  /** Whether a request about jobId is considered at all (consumes nothing). */
  considers(jobId: string | undefined): boolean {
    return this.jobId === undefined || this.jobId === jobId;
  }

  /**
   * The decision for the next considered request: two draws, always, so that one
   * decision never shifts the next ones.  The first is compared with `rate`; the
   * second picks among the kinds `applies` accepts (none: no fault).
   */
  next(applies: (kind: FaultKind) => boolean = () => true): FaultKind | undefined {
    this.considered++;
    const hit = this.rng() < this.rate;
    const pick = this.rng();
    if (!hit) return undefined;
    const usable = this.kinds.filter(applies);
    return usable.length ? usable[Math.floor(pick * usable.length)] : undefined;
  }
}
