// A log-tail job: a byte log that grows by random (seeded) chunks on a timer.

/** mulberry32: a tiny seeded PRNG, returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The largest offset <= end that does not cut a UTF-8 character of buf in two
 * (bytes after it belong to a character that is not complete yet).
 */
export function utf8Boundary(buf: Buffer, end: number): number {
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const b = buf[i];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const len = b < 0x80 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 1;
    return i + len > end ? i : end;
  }
  return end;
}

export interface LogTailJobOptions {
  id: string;
  log: Buffer;
  /** Bytes appended per step (uniform in [min, max]); default {min: 256, max: 4096}. */
  chunk?: { min: number; max: number };
  /** Delay between steps; 0 = the whole log at once.  Default 20 ms. */
  intervalMs?: number;
  /** PRNG seed of the chunk sizes; default 1. */
  seed?: number;
  /** Start appending at once (default true); otherwise call start() or appendNow(). */
  autoStart?: boolean;
}

export class LogTailJob {
  readonly kind = 'log-tail' as const;
  readonly id: string;
  readonly logBytes: Buffer;
  /** Bytes of logBytes appended so far. */
  appended = 0;
  /** How many times restart() was called. */
  restarts = 0;
  /** When the whole log had been appended (undefined while it has not). */
  finishedAt: number | undefined;
  private readonly chunk: { min: number; max: number };
  private readonly intervalMs: number;
  private readonly seed: number;
  private rng: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(opts: LogTailJobOptions) {
    this.id = opts.id;
    this.logBytes = opts.log;
    this.chunk = opts.chunk ?? { min: 256, max: 4096 };
    if (!(this.chunk.min >= 1 && this.chunk.max >= this.chunk.min)) throw new Error('chunk needs 1 <= min <= max');
    this.intervalMs = opts.intervalMs ?? 20;
    this.seed = opts.seed ?? 1;
    this.rng = mulberry32(this.seed);
    if (opts.autoStart ?? true) this.start();
  }

  /** The whole log has been appended. */
  get finished(): boolean {
    return this.appended >= this.logBytes.length;
  }

  /** Starts (or resumes) the timed appending. */
  start(): void {
    this.running = true;
    if (this.intervalMs <= 0) this.appended = this.logBytes.length;
    this.noteFinished();
    this.schedule();
  }

  /** Stops the timer (the log keeps its current size). */
  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Appends `bytes` bytes now (default: one random chunk; Infinity: the rest). */
  appendNow(bytes?: number): void {
    const n = bytes ?? this.nextChunk();
    this.appended = Math.min(this.logBytes.length, this.appended + Math.max(0, n));
    this.noteFinished();
  }

  private noteFinished(): void {
    if (this.finishedAt === undefined && this.finished) this.finishedAt = Date.now();
  }

  /** The log is truncated to 0 and replayed from the start (same seed). */
  restart(): void {
    this.restarts++;
    this.appended = 0;
    this.finishedAt = undefined;
    this.rng = mulberry32(this.seed);
    if (this.running) {
      this.stop();
      this.start();
    }
  }

  /** The size that may be served now: appended, backed off to a UTF-8 character boundary. */
  get servableSize(): number {
    return utf8Boundary(this.logBytes, this.appended);
  }

  private nextChunk(): number {
    const { min, max } = this.chunk;
    return min + Math.floor(this.rng() * (max - min + 1));
  }

  private schedule(): void {
    if (this.timer || !this.running || this.finished || this.intervalMs <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.appendNow();
      this.schedule();
    }, this.intervalMs);
    this.timer.unref();
  }
}
