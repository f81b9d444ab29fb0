// Shared pieces of the benchmarks: options, result rows, statistics, formatting, machine description.
import * as os from 'os';
import { performance } from 'node:perf_hooks';
import { FollowNotice, FollowSink } from '../src/core/follow/follower';
import { LogData } from '../src/core/follow/logSource';
import { RecordText } from '../src/core/follow/recordText';
import { FormatOptions } from '../src/core/log/format';

export interface BenchOptions {
  /** Tiny sizes and durations: every number is produced, quickly (CI). */
  smoke: boolean;
  /** Also measure against the real LAVA server (../shared/real-lava). */
  real: boolean;
  /** Only these benchmarks (by name); all when empty. */
  only: string[];
  seed: number;
}

/** One line of the result table. */
export interface Row {
  bench: string;
  /** What was measured (our core, a competing strategy, a baseline). */
  variant: string;
  metric: string;
  value: number;
  /** `value` as printed, with its unit. */
  shown: string;
  /** The goal as printed (e.g. "≤ 1.01"); absent for reference rows. */
  goal?: string;
  met?: boolean;
  /** Why the number is what it is, when a goal is missed (one line). */
  boundedBy?: string;
}

export interface BenchResult {
  name: string;
  title: string;
  rows: Row[];
  /** Lines printed under the table (how it was measured, caveats). */
  notes: string[];
  /** Everything else worth keeping in results.json. */
  details: unknown;
}

export type Bench = (opts: BenchOptions) => Promise<BenchResult>;

/** A row with a goal "value ≤ limit". */
export function goalRow(r: Omit<Row, 'met' | 'goal'> & { max: number; goalText?: string }, boundedBy: string): Row {
  const met = Number.isFinite(r.value) && r.value <= r.max;
  const { max, goalText, ...rest } = r;
  return { ...rest, goal: goalText ?? `≤ ${max}`, met, boundedBy: met ? undefined : boundedBy };
}

/** A row with a goal "value ≥ limit". */
export function goalRowMin(r: Omit<Row, 'met' | 'goal'> & { min: number; goalText?: string }, boundedBy: string): Row {
  const met = Number.isFinite(r.value) && r.value >= r.min;
  const { min, goalText, ...rest } = r;
  return { ...rest, goal: goalText ?? `≥ ${min}`, met, boundedBy: met ? undefined : boundedBy };
}

// ---------------------------------------------------------------------------------------------
// Statistics

/** The p-th percentile (0..100) by linear interpolation; NaN for no data. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const k = ((s.length - 1) * p) / 100;
  const lo = Math.floor(k);
  const hi = Math.ceil(k);
  return s[lo] + (s[hi] - s[lo]) * (k - lo);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

// ---------------------------------------------------------------------------------------------
// Formatting

export const MB = 1024 * 1024;

export function fmtBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= MB) return `${(n / MB).toFixed(1)} MB`;
  if (a >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${Math.round(n)} B`;
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (Math.abs(ms) >= 10000) return `${(ms / 1000).toFixed(1)} s`;
  if (Math.abs(ms) >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}

export function fmtNum(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toFixed(digits);
}

export function fmtRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return String(perSecond);
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(0)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

// ---------------------------------------------------------------------------------------------
// Sinks and small utilities

/**
 * A FollowSink that hands `append` the channel's text as the extension's sink makes it: REST
 * records formatted once, with `format` (recordText.ts), log-tail text as it is. Empty text is not handed.
 */
export function textSink(
  append: (text: string) => void,
  format: FormatOptions = { time: 'utc' },
  notice: (event: FollowNotice) => void = () => undefined,
): FollowSink {
  const records = new RecordText('1', format);
  const shown = (text: string) => {
    if (text) append(text);
  };
  return {
    data: (data) => (data.kind === 'text' ? shown(data.text) : records.take(data.lines, shown)),
    notice,
  };
}

/** A FollowSink that keeps counts (and, optionally, the text); a poller of `strategies.ts` calls `append` itself. */
export class CountingSink implements FollowSink {
  chars = 0;
  bytes = 0;
  lines = 0;
  appends = 0;
  notices: FollowNotice[] = [];
  private readonly parts: string[] | undefined;
  private readonly sink: FollowSink;

  constructor(
    keepText = false,
    private readonly onLines?: (count: number, now: number) => void,
    format?: FormatOptions,
  ) {
    this.parts = keepText ? [] : undefined;
    this.sink = textSink((text) => this.append(text), format);
  }

  data(data: LogData): void {
    this.sink.data(data);
  }

  append(text: string): void {
    const now = Date.now();
    this.appends++;
    this.chars += text.length;
    this.bytes += Buffer.byteLength(text, 'utf8');
    let n = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    this.lines += n;
    this.parts?.push(text);
    if (n > 0) this.onLines?.(n, now);
  }

  notice(event: FollowNotice): void {
    this.notices.push(event);
  }

  get text(): string {
    return this.parts ? this.parts.join('') : '';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export { repoRoot } from '../test/simulator/fixtures';

/**
 * Makes a first request (Node loads its fetch, undici, on first use, and opens the keep-alive
 * connection), then waits until the process is idle: after its first request V8 compiles undici's
 * HTTP parser (WebAssembly) again in a background thread, ~100 ms of CPU time that would otherwise
 * be charged to whatever is measured next (a fixed cost of a fresh process, once per extension host).
 */
export async function warmFetch(url: string): Promise<void> {
  await (await fetch(url)).text();
  for (let k = 0; k < 50; k++) {
    const since = process.cpuUsage();
    await sleep(100);
    const d = process.cpuUsage(since);
    if (d.user + d.system < 3000) return;
  }
}

export interface Machine {
  cpus: number;
  model: string;
  memory: string;
  os: string;
  node: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    model: cpus[0]?.model?.trim() ?? 'unknown',
    memory: `${Math.round(os.totalmem() / 1024 ** 3)} GB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

export function machineLine(m: Machine = machine()): string {
  return `${m.cpus} vCPU ${m.model}, ${m.memory} RAM, ${m.os}, Node ${m.node}`;
}

/** Runs `fn` with a deadline; rejects with a clear message when it passes. */
export async function withTimeout<T>(what: string, ms: number, fn: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${fmtMs(ms)}`)), ms);
  });
  try {
    return await Promise.race([fn, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** `step` run `runs` times, each timed with performance.now (synchronous work only): median and worst, ms. */
export function measure(runs: number, step: () => void): { median: number; max: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    step();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}
