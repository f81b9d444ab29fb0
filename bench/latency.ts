// 4. Live latency.  The simulator's jobs get lines the way LAVA jobs print them: quiet phases
// (10-60 s: a board booting, a test waiting) between active phases (a line every 0.1-2 s).  For
// each line we record when it was appended and when each follower's sink got it, and count each
// follower's requests during quiet phases.  Several independent schedules (seed, seed+1, ...) run
// at once so that there are enough "first line after a quiet phase" samples; within a schedule
// every follower sees the very same appends (each has its own identical job on one simulator).
//
// Followers: ours (JobFollower with default options) over log-tail and over REST, a fixed 0.5 s
// offset poller (Jenkins Jack) and a fixed 5 s offset poller (LAVA's web page, lavacli).
//
// With --real: the same kind of measurement on a real LAVA job (delay from each record's `dt` to
// its delivery), ours next to fixed 0.5 s / 5 s REST pollers and lavacli itself.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import { systemClock } from '../src/core/util/clock';
import { defaultFollowOptions, FollowSink, JobFollower } from '../src/core/follow/follower';
import { FetchFn } from '../src/core/net/http';
import { LogTailSource } from '../src/core/protocols/logTailSource';
import { RestSource } from '../src/core/protocols/rest/restSource';
import { mulberry32 } from '../test/simulator/growingLog';
import { LavaSimulator } from '../test/simulator/server';
import { realLava, submit } from '../test/real/realLava';
import { BenchOptions, BenchResult, CountingSink, fmtMs, fmtNum, goalRow, percentile, Row, sleep, sum, textSink } from './common';
import { singleLineRecords } from './data';
import { Poller } from './strategies';

// ---------------------------------------------------------------------------------------------
// Schedules

type Phase = 'active' | 'first';

interface Schedule {
  /** When each line is appended (ms after the start) and whether it opens an active phase. */
  lines: { at: number; phase: Phase }[];
  endMs: number;
}

interface ScheduleParams {
  totalMs: number;
  quietMs: [number, number];
  gapMs: [number, number];
  activeLines: [number, number];
}

function makeSchedule(seed: number, p: ScheduleParams): Schedule {
  const rnd = mulberry32(seed);
  const between = ([lo, hi]: [number, number]) => lo + rnd() * (hi - lo);
  const lines: Schedule['lines'] = [];
  let t = 0;
  while (t < p.totalMs) {
    t += between(p.quietMs); // a quiet phase (the job starts with one: the device boots)
    const count = Math.round(between(p.activeLines));
    for (let k = 0; k < count; k++) {
      if (k > 0) t += between(p.gapMs);
      lines.push({ at: Math.round(t), phase: k === 0 ? 'first' : 'active' });
    }
  }
  return { lines, endMs: t };
}

// ---------------------------------------------------------------------------------------------
// Simulated jobs

interface FollowerStats {
  label: string;
  ours: boolean;
  active: number[];
  first: number[];
  quietRequests: number;
  quietMs: number;
  requests: number;
  delivered: number;
  expected: number;
}

interface Follower {
  label: string;
  ours: boolean;
  jobId: string;
  delivered: () => number;
  stop: () => void;
  done: Promise<unknown>;
  sink: CountingSink;
}

const STRATEGIES = ['ours: log-tail', 'ours: REST', 'fixed 0.5 s (Jenkins Jack)', 'fixed 5 s (LAVA web page, lavacli)'] as const;

async function runSchedule(sim: LavaSimulator, index: number, seed: number, params: ScheduleParams): Promise<FollowerStats[]> {
  const schedule = makeSchedule(seed, params);
  const n = schedule.lines.length;
  const { records, texts } = singleLineRecords(n, seed);
  const log = Buffer.from(texts.join(''), 'utf8');
  const lineBytes = texts.map((t) => Buffer.byteLength(t, 'utf8'));
  const appendedAt: number[] = [];

  const ids = STRATEGIES.map((_, s) => String(1000 + index * 10 + s)); // numeric: REST job JSON needs a numeric id
  const tailJobs = [0, 2, 3].map((s) => sim.addLogTailJob({ id: ids[s], log, autoStart: false }));
  // The REST job only shows what appendNow() reveals (its own pacing is pushed out of reach).
  const restJob = sim.addRestJob({
    id: ids[1],
    records,
    health: 'Complete',
    linesPerSecond: 1e-6,
    batchIntervalMs: 0,
    finishDelayMs: 1000,
  });

  const followers: Follower[] = STRATEGIES.map((label, s) => {
    const sink = new CountingSink(false);
    const jobId = ids[s];
    const common = { fetch: globalThis.fetch.bind(globalThis) as FetchFn, serverUrl: sim.url, jobId, timeoutMs: 30000 };
    if (s === 0 || s === 1) {
      const source = s === 0 ? new LogTailSource(common) : new RestSource({ ...common, clock: systemClock });
      const follower = new JobFollower(source, sink, systemClock, defaultFollowOptions);
      return { label, ours: true, jobId, delivered: () => sink.lines, stop: () => follower.stop(), done: follower.run(), sink };
    }
    const poller = new Poller({ protocol: 'log-tail', kind: 'offset', serverUrl: sim.url, jobId, intervalMs: s === 2 ? 500 : 5000, sink });
    return { label, ours: false, jobId, delivered: () => sink.lines, stop: () => poller.stop(), done: poller.run(), sink };
  });

  // Delivery times: each sink's lines are delivered in order.
  const deliveredAt: number[][] = followers.map(() => []);
  followers.forEach(({ sink }, s) => {
    const orig = sink.append.bind(sink);
    sink.append = (text: string) => {
      const now = Date.now();
      const before = sink.lines;
      orig(text);
      for (let i = before; i < sink.lines; i++) deliveredAt[s][i] = now;
    };
  });

  // Append the lines on time (the actual time of each append is what counts).
  const start = Date.now();
  for (let i = 0; i < n; i++) {
    const wait = start + schedule.lines[i].at - Date.now();
    if (wait > 0) await sleep(wait);
    for (const j of tailJobs) j.appendNow(lineBytes[i]);
    restJob.appendNow(1);
    appendedAt[i] = Date.now();
  }
  // Let every follower get the last lines (the fixed 5 s poller may need 5 s), then stop them all.
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline && followers.some((f) => f.delivered() < n)) await sleep(50);
  for (const f of followers) f.stop();
  await Promise.all(followers.map((f) => f.done.catch(() => undefined)));

  // Quiet windows: from the last line of an active phase (or the start) to the next phase's first line.
  const quiet: [number, number][] = [];
  let from = start;
  for (let i = 0; i < n; i++) {
    if (schedule.lines[i].phase === 'first') quiet.push([from, appendedAt[i]]);
    from = appendedAt[i];
  }
  const quietMs = sum(quiet.map(([a, b]) => b - a));
  return followers.map((f, s) => {
    const reqs = sim.requests.filter((r) => r.jobId === f.jobId);
    const stats: FollowerStats = {
      label: f.label,
      ours: f.ours,
      active: [],
      first: [],
      quietRequests: reqs.filter((r) => quiet.some(([a, b]) => r.time > a && r.time < b)).length,
      quietMs,
      requests: reqs.length,
      delivered: f.delivered(),
      expected: n,
    };
    for (let i = 0; i < n; i++) {
      const at = deliveredAt[s][i];
      if (at === undefined) continue;
      (schedule.lines[i].phase === 'first' ? stats.first : stats.active).push(at - appendedAt[i]);
    }
    return stats;
  });
}

// ---------------------------------------------------------------------------------------------
// Real LAVA

interface RealFollowerStats {
  label: string;
  delays: number[];
  requests?: number;
}

/** Parses `dt` of each record line of a logs answer: UTC without a zone. */
function dtMs(line: string): number | undefined {
  const m = /"dt": "(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(line);
  return m ? Date.parse(`${m[1]}Z`) : undefined;
}

/** A fetch that notes the dt of every record in each logs answer; the sink then takes them as delivered. */
function dtTracking(): { fetch: FetchFn; sink: FollowSink & { append(text: string): void }; delays: number[]; requests: () => number } {
  let pending: number[] = [];
  const delays: number[] = [];
  let requests = 0;
  const fetchFn: FetchFn = async (input, init) => {
    requests++;
    const res = await fetch(input, init);
    if (String(input).includes('/logs/') && res.status === 200) {
      const body = await res.clone().text();
      for (const line of body.split('\n')) {
        const t = dtMs(line);
        if (t !== undefined) pending.push(t);
      }
    }
    return res;
  };
  const append = () => {
    const now = Date.now();
    for (const t of pending) delays.push(now - t);
    pending = [];
  };
  const sink = { ...textSink(append), append };
  return { fetch: fetchFn, sink, delays, requests: () => requests };
}

function envValue(name: string): string | undefined {
  try {
    const text = fs.readFileSync(process.env.REAL_LAVA_ENV ?? '/tmp/real-lava/env', 'utf8');
    return new RegExp(`^${name}=(.*)$`, 'm').exec(text)?.[1];
  } catch {
    return undefined;
  }
}

/** lava-worker's `--job-log-interval` (seconds between lava-run's log uploads), read from its command line; 5 (LAVA's default) when not found. */
function jobLogInterval(): number {
  for (const pid of fs.readdirSync('/proc').filter((d) => /^[0-9]+$/.test(d))) {
    let args: string[];
    try {
      args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = args.indexOf('--job-log-interval');
    if (args.some((a) => a.endsWith('/lava-worker')) && at >= 0 && Number(args[at + 1]) > 0) return Number(args[at + 1]);
  }
  return 5;
}

function hasLavacli(): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d && fs.existsSync(`${d}/lavacli`));
}

async function realRun(): Promise<{ jobId: string; followers: RealFollowerStats[]; skipped?: string; notes: string[] }> {
  const lava = realLava();
  if (!lava)
    return {
      jobId: '',
      followers: [],
      skipped: 'no real LAVA (/tmp/real-lava/env or ../shared/real-lava/submit.sh missing): real-LAVA latency skipped',
      notes: [],
    };
  const jobId = submit(lava, 'complete');
  const credentials = { serverUrl: lava.url, token: lava.token };
  const notes: string[] = [];
  const followers: { label: string; delays: number[]; done: Promise<unknown>; stop: () => void; requests?: () => number }[] = [];

  const ours = dtTracking();
  const source = new RestSource({
    fetch: ours.fetch,
    serverUrl: lava.url,
    jobId,
    timeoutMs: 30000,
    credentials,
    username: envValue('LAVA_USER') ?? 'admin',
    clock: systemClock,
  });
  const follower = new JobFollower(source, ours.sink, systemClock, defaultFollowOptions);
  followers.push({
    label: 'ours: REST',
    delays: ours.delays,
    done: follower.run(),
    stop: () => follower.stop(),
    requests: ours.requests,
  });

  for (const intervalMs of [500, 5000]) {
    const t = dtTracking();
    const poller = new Poller({
      protocol: 'rest',
      kind: 'offset',
      serverUrl: lava.url,
      jobId,
      intervalMs,
      sink: t.sink,
      fetch: t.fetch,
      token: lava.token,
    });
    followers.push({
      label: `fixed ${intervalMs / 1000} s REST offset poller`,
      delays: t.delays,
      done: poller.run(),
      stop: () => poller.stop(),
      requests: () => poller.requests,
    });
  }

  let cli: ChildProcess | undefined;
  if (hasLavacli()) {
    const user = envValue('LAVA_USER') ?? 'admin';
    const rpc = new URL('/RPC2', lava.url);
    rpc.username = user;
    rpc.password = lava.token;
    const delays: number[] = [];
    cli = spawn('lavacli', ['--uri', rpc.toString(), 'jobs', 'logs', '--raw', jobId], {
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buf = '';
    cli.stdout!.setEncoding('utf8');
    cli.stdout!.on('data', (d: string) => {
      const now = Date.now();
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const line of lines) {
        const t = dtMs(line);
        if (t !== undefined) delays.push(now - t);
      }
    });
    let err = '';
    cli.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const proc = cli;
    const done = new Promise<void>((resolve) =>
      proc.once('exit', (code) => {
        if (code !== 0) notes.push(`lavacli exited with ${code}: ${err.trim().slice(-300)}`);
        resolve();
      }),
    );
    followers.push({ label: 'lavacli jobs logs (polling 5 s), measured', delays, done, stop: () => proc.kill() });
  } else {
    notes.push('lavacli is not installed here: only its numbers from the issue are shown.');
  }

  const timeout = sleep(6 * 60 * 1000).then(() => 'timeout' as const);
  const all = Promise.all(followers.map((f) => f.done.catch(() => undefined))).then(() => 'done' as const);
  if ((await Promise.race([all, timeout])) === 'timeout') notes.push(`real LAVA job ${jobId}: not finished within 6 minutes; stopped.`);
  for (const f of followers) f.stop();
  if (cli && cli.exitCode === null) cli.kill();
  return { jobId, followers: followers.map((f) => ({ label: f.label, delays: f.delays, requests: f.requests?.() })), notes };
}

// ---------------------------------------------------------------------------------------------
// Batched uploads (LAVA's lava-run posts the log every LAVA_JOB_LOG_INTERVAL, 5 s by default)

/**
 * A REST job that prints a line every 0.3 s, uploaded in batches like lava-run's sender: every
 * `intervalMs` while it prints; then a quiet spell (nothing printed, nothing uploaded), then it
 * prints again — and lava-run uploads the first line at once (a new phase). Ours next to a
 * fixed 0.5 s REST poller; delay from a line being printed to its delivery.
 */
async function batchedRun(intervalMs: number, smoke: boolean, seed: number): Promise<RealFollowerStats[]> {
  const sim = await LavaSimulator.start({ port: 0 });
  try {
    const phaseMs = smoke ? 6000 : 45000;
    const quietMs = smoke ? 1000 : 20000;
    const gap = 300;
    const printed: number[] = []; // ms after start, per line
    for (let t = 0; t < phaseMs; t += gap) printed.push(t);
    for (let t = phaseMs + quietMs; t < 2 * phaseMs + quietMs; t += gap) printed.push(t);
    const n = printed.length;
    const { records, texts } = singleLineRecords(n, seed);
    void texts;
    // lava-run's sender: a post at the first line printed `intervalMs` or more after the last post; the first line after a quiet spell at once.
    const posts: { at: number; upTo: number }[] = [];
    let last = -Infinity;
    for (let i = 0; i < n; i++) {
      const at = printed[i];
      const nextAt = i + 1 < n ? printed[i + 1] : Infinity;
      if (at - last >= intervalMs || nextAt - at > intervalMs) {
        // Post now with everything printed so far (a quiet spell ahead: the pending lines go at the interval's end).
        const postAt = at - last >= intervalMs ? at : last + intervalMs;
        posts.push({ at: postAt, upTo: i + 1 });
        last = postAt;
      }
    }
    const ids = ['501', '502'];
    const jobs = ids.map((id) =>
      sim.addRestJob({ id, records, health: 'Complete', linesPerSecond: 1e-6, batchIntervalMs: 0, finishDelayMs: 3000 }),
    );
    const stats: RealFollowerStats[] = [];
    const sinks = ids.map((_, s) => new CountingSink(false, undefined, s === 0 ? { time: 'hidden' } : undefined));
    const deliveredAt: number[][] = ids.map(() => []);
    sinks.forEach((sink, s) => {
      const orig = sink.append.bind(sink);
      sink.append = (text: string) => {
        const now = Date.now();
        const before = sink.lines;
        orig(text);
        for (let i = before; i < sink.lines; i++) deliveredAt[s][i] = now;
      };
    });
    const common = { fetch: globalThis.fetch.bind(globalThis) as FetchFn, serverUrl: sim.url, timeoutMs: 30000 };
    const source = new RestSource({ ...common, jobId: ids[0], clock: systemClock });
    const follower = new JobFollower(source, sinks[0], systemClock, defaultFollowOptions);
    const poller = new Poller({ protocol: 'rest', kind: 'offset', serverUrl: sim.url, jobId: ids[1], intervalMs: 500, sink: sinks[1] });
    const done = [follower.run(), poller.run()];
    const start = Date.now();
    let shown = 0;
    for (const post of posts) {
      const wait = start + post.at - Date.now();
      if (wait > 0) await sleep(wait);
      for (const j of jobs) j.appendNow(post.upTo - shown);
      shown = post.upTo;
    }
    await withDeadline(Promise.all(done), 20000);
    follower.stop();
    poller.stop();
    ids.forEach((id, s) => {
      const delays = printed.map((t, i) => deliveredAt[s][i] - (start + t)).filter((d) => Number.isFinite(d));
      if (sinks[s].lines !== n)
        throw new Error(`latency batched ${intervalMs} ms: ${s === 0 ? 'ours' : 'poller'} delivered ${sinks[s].lines} of ${n} lines`);
      stats.push({
        label: s === 0 ? 'ours: REST' : 'fixed 0.5 s REST offset poller',
        delays,
        requests: sim.requests.filter((r) => r.jobId === id).length,
      });
    });
    return stats;
  } finally {
    await sim.close();
  }
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, sleep(ms).then(() => undefined)]);
}

/** Rows for ours next to the fixed 0.5 s poller: p50 within 0.3 s, p95 within 0.5 s, at most 40% of its requests. */
function cadenceRows(bench: string, what: string, followers: RealFollowerStats[]): Row[] {
  const rows: Row[] = [];
  const fixed = followers.find((f) => f.label.startsWith('fixed 0.5 s'));
  const fp50 = fixed ? percentile(fixed.delays, 50) : NaN;
  const fp95 = fixed ? percentile(fixed.delays, 95) : NaN;
  for (const f of followers) {
    const p50 = percentile(f.delays, 50);
    const p95 = percentile(f.delays, 95);
    const shown = `${fmtMs(p50)} / ${fmtMs(p95)} (n=${f.delays.length}${f.requests !== undefined ? `, ${f.requests} req` : ''})`;
    const row = { bench, variant: f.label, metric: `${what} p50 / p95`, value: p50, shown };
    if (!f.label.startsWith('ours') || !fixed) {
      rows.push(row);
      continue;
    }
    const ok50 = p50 <= fp50 + 300;
    const ok95 = p95 <= fp95 + 500;
    const okReq = f.requests !== undefined && fixed.requests !== undefined && f.requests <= 0.4 * fixed.requests;
    const met = ok50 && ok95 && okReq;
    rows.push({
      ...row,
      shown: `${shown}; fixed 0.5 s + ${fmtMs(p50 - fp50)} / + ${fmtMs(p95 - fp95)}, ${fixed.requests ? Math.round((100 * (f.requests ?? NaN)) / fixed.requests) : '?'}% of its requests`,
      goal: '≤ fixed 0.5 s + 0.3 s / + 0.5 s, ≤ 40% of its requests',
      met,
      boundedBy: met
        ? undefined
        : 'the cadence is learnt from the first 4 batches (polled by the usual backoff until then) and after each quiet spell again; a batch is asked for just after its window, which is as wide as the polls that bracketed it',
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------

export async function latencyBench(opts: BenchOptions): Promise<BenchResult> {
  const params: ScheduleParams = opts.smoke
    ? { totalMs: 8000, quietMs: [2000, 4000], gapMs: [100, 2000], activeLines: [4, 8] }
    : { totalMs: 180000, quietMs: [10000, 60000], gapMs: [100, 2000], activeLines: [10, 40] };
  const schedules = opts.smoke ? 2 : 16;
  const sim = await LavaSimulator.start({ port: 0 });
  const realPromise = opts.real ? realRun() : undefined;
  const batchedPromise = Promise.all([5000, 2000].map((ms) => batchedRun(ms, opts.smoke, opts.seed)));
  let perSchedule: FollowerStats[][];
  try {
    perSchedule = await Promise.all(Array.from({ length: schedules }, (_, k) => runSchedule(sim, k, opts.seed + k, params)));
  } finally {
    await sim.close();
  }

  const rows: Row[] = [];
  const summary = STRATEGIES.map((label, s) => {
    const all = perSchedule.map((r) => r[s]);
    const active = all.flatMap((x) => x.active);
    const first = all.flatMap((x) => x.first);
    const quietRequests = sum(all.map((x) => x.quietRequests));
    const quietMin = sum(all.map((x) => x.quietMs)) / 60000;
    const delivered = sum(all.map((x) => x.delivered));
    const expected = sum(all.map((x) => x.expected));
    return {
      label,
      ours: all[0].ours,
      activeP50: percentile(active, 50),
      activeP95: percentile(active, 95),
      firstP50: percentile(first, 50),
      firstP95: percentile(first, 95),
      quietPerMin: quietRequests / quietMin,
      activeCount: active.length,
      firstCount: first.length,
      requests: sum(all.map((x) => x.requests)),
      delivered,
      expected,
    };
  });
  for (const s of summary)
    if (s.delivered !== s.expected) throw new Error(`latency: ${s.label} delivered ${s.delivered} of ${s.expected} lines`);

  const { minDelayMs, maxDelayMs } = defaultFollowOptions;
  const rampBound = `defaultFollowOptions: after new data the follower polls every minDelayMs = ${minDelayMs} ms for holdMs = ${defaultFollowOptions.holdMs ?? 0} ms, then maxDelayMs: a line more than that after the previous one waits for the next poll`;
  const quietBound = `maxDelayMs = ${maxDelayMs} ms: in a quiet phase the follower polls every ${maxDelayMs / 1000} s, so the first line waits ${maxDelayMs / 2000} s on average (uniform 0-${maxDelayMs / 1000} s)`;
  for (const s of summary) {
    const v = s.label;
    const shownN = (ms: number, count: number) => `${fmtMs(ms)} (n=${count})`;
    const r = (metric: string, value: number, shown: string) => ({ bench: 'latency', variant: v, metric, value, shown });
    if (s.ours) {
      rows.push(
        goalRow(
          { ...r('active lines: delay p50', s.activeP50, shownN(s.activeP50, s.activeCount)), max: 250, goalText: '≤ 250 ms' },
          rampBound,
        ),
      );
      rows.push(goalRow({ ...r('active lines: delay p95', s.activeP95, fmtMs(s.activeP95)), max: 600, goalText: '≤ 600 ms' }, rampBound));
      rows.push(
        goalRow(
          { ...r('first line after quiet: p50', s.firstP50, shownN(s.firstP50, s.firstCount)), max: 1500, goalText: '≤ 1.5 s' },
          quietBound,
        ),
      );
      rows.push(r('first line after quiet: p95', s.firstP95, fmtMs(s.firstP95)));
      rows.push(
        goalRow(
          { ...r('requests per minute while quiet', s.quietPerMin, fmtNum(s.quietPerMin, 1)), max: 30, goalText: '≤ 30' },
          `the hold (${minDelayMs} ms for ${defaultFollowOptions.holdMs ?? 0} ms) spends ~5 polls at the start of each quiet phase (REST adds a job state read once the log has been quiet for a minute: rare in phases of 10-60 s); at ${maxDelayMs / 1000} s it is ${(60000 / maxDelayMs).toFixed(1)}/min`,
        ),
      );
    } else {
      rows.push(r('active lines: delay p50 / p95', s.activeP50, `${fmtMs(s.activeP50)} / ${fmtMs(s.activeP95)}`));
      rows.push(r('first line after quiet: p50 / p95', s.firstP50, `${fmtMs(s.firstP50)} / ${fmtMs(s.firstP95)}`));
      rows.push(r('requests per minute while quiet', s.quietPerMin, fmtNum(s.quietPerMin, 1)));
    }
  }

  const notes = [
    `${schedules} independent schedules (seeds ${opts.seed}..${opts.seed + schedules - 1}) of ${fmtMs(params.totalMs)}+ each, run at once: quiet ${params.quietMs[0] / 1000}-${params.quietMs[1] / 1000} s, ` +
      `then ${params.activeLines[0]}-${params.activeLines[1]} lines ${params.gapMs[0] / 1000}-${params.gapMs[1] / 1000} s apart; every follower of a schedule sees the same appends.`,
    'Delay = sink delivery time − append time, per line; "first line after quiet" = the first line of each active phase.',
  ];
  const details: Record<string, unknown> = { params, schedules, summary };

  const batched = await batchedPromise;
  details.batched = batched;
  [5000, 2000].forEach((ms, k) =>
    rows.push(...cadenceRows(`latency (simulator, ${ms / 1000} s upload batches)`, 'printed → delivery', batched[k])),
  );
  notes.push(
    'Batched uploads (simulator): a line printed every 0.3 s, uploaded like lava-run (a post at the first line ≥ interval after the last post; after a quiet spell at once: a new phase): 45 s, 20 s quiet, 45 s; ours vs a fixed 0.5 s REST poller (2 requests a poll: job + logs); requests counted per job on the server.',
  );

  if (realPromise) {
    const real = await realPromise;
    details.real = real;
    if (real.skipped) notes.push(real.skipped);
    else {
      const interval = jobLogInterval();
      notes.push(
        `Real LAVA job ${real.jobId} (../shared/real-lava/job.yaml): delay from each record's dt to its delivery; LAVA uploads the log in ${interval} s batches (lava-worker --job-log-interval), so ≈ ${interval / 2} s median is the limit for everyone.`,
      );
      notes.push(...real.notes);
      notes.push(
        "ours on real LAVA: the follower learns the period and phase of lava-run's uploads (cadence.ts: two landings 5 s apart, or three of any period) and then asks just before and just after each batch's window; the usual backoff until then and after a quiet spell.",
      );
      const bench = interval === 5 ? 'latency (real LAVA)' : `latency (real LAVA, ${interval} s upload batches)`;
      rows.push(...cadenceRows(bench, 'dt → delivery', real.followers));
      // The issue's figure for lavacli was measured at LAVA's default 5 s.
      if (interval === 5)
        rows.push({
          bench,
          variant: 'lavacli, as given in the issue',
          metric: 'dt → delivery p50 / p95',
          value: 6900,
          shown: '6.90 s / 10.9 s (2 XML-RPC calls every 5 s)',
        });
    }
  } else {
    notes.push('Real LAVA: not measured (run with --real).');
  }
  return { name: 'latency', title: '4. Live latency (append → sink) and polling while quiet', rows, notes, details };
}
