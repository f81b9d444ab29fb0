import { Clock } from '../../src/core/util/clock';
import { FollowNotice, FollowOptions, FollowSink } from '../../src/core/follow/follower';
import { LogData } from '../../src/core/follow/logSource';
import { RecordText } from '../../src/core/follow/recordText';
import { FormatOptions } from '../../src/core/log/format';
import type { LogRecord } from '../../src/core/log/records';
import { mulberry32 } from '../simulator/growingLog';

/**
 * A sink that keeps what a channel would show (REST records formatted as the extension's sink
 * does, with `format`: default the utc time and every level), and the notices apart.
 */
export class RecordingSink implements FollowSink {
  readonly chunks: string[] = [];
  readonly notices: FollowNotice[] = [];
  /** The index of every record handed over (REST), in order. */
  readonly recordIndexes: number[] = [];
  private readonly records: RecordText;
  constructor(opts: { format?: FormatOptions; jobId?: string; formatter?: (record: LogRecord) => string } = {}) {
    this.records = new RecordText(opts.jobId ?? '?', opts.format ?? { time: 'utc' }, opts.formatter);
  }
  data(data: LogData): void {
    if (data.kind === 'text') {
      this.append(data.text);
      return;
    }
    this.records.take(data.lines, (text, lines) => {
      for (const l of lines) this.recordIndexes.push(l.index);
      this.append(text);
    });
  }
  /** The channel's text, as it comes (empty text is not a chunk). */
  append(text: string): void {
    if (text) this.chunks.push(text);
  }
  notice(event: FollowNotice): void {
    this.notices.push(event);
  }
  get text(): string {
    return this.chunks.join('');
  }
  count(kind: FollowNotice['kind']): number {
    return this.notices.filter((n) => n.kind === kind).length;
  }
}

/** Short delays so tests run in real time quickly. */
export const fastFollow: FollowOptions = {
  minDelayMs: 10,
  maxDelayMs: 50,
  holdMs: 0,
  backoffFactor: 2.5,
  startMs: 0,
  startStepMs: 0,
  retryInitialMs: 20,
  retryMaxMs: 100,
};

/** A log with multi-byte characters everywhere and, optionally, one very long line. */
export function generateLog(lines: number, seed: number, longLineBytes = 0): Buffer {
  const rand = mulberry32(seed);
  const words = ['boot', 'kernel', 'é', '✓ pass', '🚀', 'Grüße', '日本語', 'progress', '\t', 'ok'];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const n = 1 + Math.floor(rand() * 12);
    const parts = [`[${(i / 10).toFixed(6)}]`];
    for (let j = 0; j < n; j++) parts.push(words[Math.floor(rand() * words.length)]);
    out.push(parts.join(' '));
    if (longLineBytes && i === Math.floor(lines / 2)) out.push('X🚀'.repeat(Math.ceil(longLineBytes / 5)));
  }
  return Buffer.from(out.join('\n') + '\n', 'utf8');
}

/**
 * A clock whose time moves only when told (`advance`), or, with `auto`, by each sleep at once:
 * tests of delays, backoff, state and finish checks then do not depend on how busy the machine is.
 */
export class VirtualClock implements Clock {
  private time = 0;
  /** Every sleep asked for, in ms, in order. */
  readonly slept: number[] = [];
  private waiting: { until: number; resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(private readonly opts: { auto?: boolean; start?: number } = {}) {
    this.time = opts.start ?? 0;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    this.slept.push(ms);
    if (this.opts.auto) {
      this.time += ms;
      return new Promise((resolve) => setImmediate(resolve));
    }
    return new Promise<void>((resolve, reject) => {
      const entry = { until: this.time + ms, resolve, reject };
      this.waiting.push(entry);
      signal?.addEventListener(
        'abort',
        () => {
          this.waiting = this.waiting.filter((w) => w !== entry);
          reject(abortError());
        },
        { once: true },
      );
    });
  }

  /** Moves time on by `ms`, waking the sleeps that are due. */
  advance(ms: number): void {
    this.time += ms;
    const due = this.waiting.filter((w) => w.until <= this.time);
    this.waiting = this.waiting.filter((w) => w.until > this.time);
    for (const w of due) w.resolve();
  }

  /** Sleeps not yet due. */
  get pending(): number {
    return this.waiting.length;
  }
}

function abortError(): Error {
  return Object.assign(new Error('aborted'), { name: 'AbortError' });
}

/** A promise the test resolves when it wants (to hold an answer until an event, instead of a delay). */
export function gate(): { promise: Promise<void>; open: () => void; opened: () => boolean } {
  let open!: () => void;
  let isOpen = false;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return {
    promise,
    open: () => {
      isOpen = true;
      open();
    },
    opened: () => isOpen,
  };
}
