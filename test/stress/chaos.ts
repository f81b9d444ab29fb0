/**
 * Chaos: many follows, in-process over real HTTP against the simulator, each under a seeded
 * fault schedule (sim.chaos), each checked exactly.  Issue #10, "Systematic proof".
 *
 *   node out/test/stress/chaos.js --runs 1000 [--protocol rest|log-tail|both] [--lanes 16] [--seed 1]
 *   npm run chaos                         (the same, 1000 runs per protocol)
 *
 * A run is one job and one JobFollower, its text going through ChannelText as in a channel:
 * - log-tail: a log of multi-byte characters and controls growing in random chunks; the raw text
 *   handed to the channel is the log's bytes exactly (after each 'restarted' notice, the log again
 *   from 0: every part but the last a prefix), and the channel minus its notices is the same text
 *   through sanitizeLogText;
 * - REST: the 'complete' fixture uploaded in batches; the text is each record formatted once, in order.
 * Outcomes allowed: 'finished' with the exact output, or 'failed' with a bad-response after
 * BAD_ANSWER_RETRIES + 1 bad answers in a row (by design), its output a strict prefix, nothing
 * wrong shown.  Anything else fails the run.  Checked for each run too: no request about the
 * job after the follower's end; Authorization always the token (`Token …`, and HTTP Basic
 * `admin:<token>` on /RPC2, the only form LAVA's XML-RPC takes); after a 429 the next request
 * waits at least Retry-After; the number of requests within a bound derived from the schedule
 * (see requestBound*); and, across the whole run, no unhandled rejection or uncaught exception.
 */
import { ChannelText, sanitizeLogText, stripNotices } from '../../src/core/follow/channelText';
import { systemClock } from '../../src/core/util/clock';
import { BAD_ANSWER_RETRIES, FollowEnd, FollowNotice, FollowOptions, FollowSink, JobFollower } from '../../src/core/follow/follower';
import { formatRecord, FormatOptions } from '../../src/core/log/format';
import { parseRecords } from '../../src/core/log/records';
import { LogData, LogSource } from '../../src/core/follow/logSource';
import { RecordText } from '../../src/core/follow/recordText';
import { noticeText } from '../../src/core/text/messages';
import { LavaError } from '../../src/core/net/errors';
import { LogTailSource } from '../../src/core/protocols/logTailSource';
import { RestSource } from '../../src/core/protocols/rest/restSource';
import { loadOutputYaml } from '../simulator/fixtures';
import { mulberry32 } from '../simulator/growingLog';
import { FaultKind, LavaSimulator } from '../simulator/server';

export type Protocol = 'log-tail' | 'rest';

/** Faults of the schedule, per protocol (the issue's list: 5xx, 429, resets, stalls, bad bodies, restart, split characters). */
export const CHAOS_KINDS: Record<Protocol, FaultKind[]> = {
  'log-tail': [
    'http500',
    'http502',
    'http503',
    'http429',
    'reset-before',
    'reset-mid-body',
    'stall',
    'hang',
    'garbage',
    'html-200',
    'truncated-json',
    'content-length-lie',
    'restart',
    'utf8-split',
    'ignore-start',
  ],
  rest: [
    'http500',
    'http502',
    'http503',
    'http429',
    'reset-before',
    'reset-mid-body',
    'stall',
    'hang',
    'garbage',
    'html-200',
    'truncated-json',
    'content-length-lie',
    'half-line',
  ],
};

/** Answers that are not the protocol: a follow ends after BAD_ANSWER_RETRIES + 1 of them in a row. */
const BAD_ANSWER_KINDS: readonly FaultKind[] = ['garbage', 'html-200', 'truncated-json', 'bad-json-shape'];

export interface ChaosOptions {
  runs: number;
  protocol: Protocol | 'both';
  /** Simulators per protocol, each running its share of the runs one after the other. */
  lanes?: number;
  /** Seed of run i is seed + i. */
  seed?: number;
  /** Probability that a request about the job gets a fault. */
  rate?: number;
  timeoutMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface RunResult {
  protocol: Protocol;
  /** The job's id on its lane's simulator. */
  id: string;
  seed: number;
  outcome: 'finished' | 'bad-answer-streak';
  requests: number;
  bound: number;
  /** Polls that timed out without a hang or stall injected (the process was busy): retried like any timeout. */
  ownTimeouts: number;
  /** Polls after a 429 the follower saw, each no sooner than its Retry-After. */
  honoured: number;
  ms: number;
}

export interface ProtocolReport {
  protocol: Protocol;
  runs: number;
  outcomes: Record<string, number>;
  injected: Record<string, number>;
  requests: number;
  maxRequests: number;
  /** Largest requests / bound over the runs (≤ 1). */
  maxBoundUse: number;
  retryAfterWaits: number;
  ownTimeouts: number;
  failures: string[];
  ms: number;
}

export interface ChaosReport {
  protocols: ProtocolReport[];
  unhandled: string[];
  ms: number;
}

/** Polling and retry delays: fast, so that 1,000 runs take minutes (the follower's logic is the same). */
export const CHAOS_FOLLOW: FollowOptions = {
  minDelayMs: 10,
  maxDelayMs: 40,
  holdMs: 50,
  backoffFactor: 2.5,
  startMs: 0,
  startStepMs: 0,
  retryInitialMs: 10,
  retryMaxMs: 40,
};

const TOKEN = 'chaos-token-5d1e';
/** The token's user on the simulator (its default): /RPC2 gets Basic `admin:<token>`. */
const USER = 'admin';
const REST_FORMAT: FormatOptions = { time: 'utc' };

/** A follow's sink: the raw text (cut at each restart) and the channel it would make. */
class ChannelSink implements FollowSink {
  readonly segments: string[][] = [[]];
  readonly notices: FollowNotice[] = [];
  channel = '';
  private readonly text = new ChannelText((t) => (this.channel += t));
  /** Offsets in `channel` where a 'restarted' notice begins. */
  private readonly restartsAt: number[] = [];
  private readonly records = new RecordText('chaos', REST_FORMAT);

  data(data: LogData): void {
    if (data.kind === 'text') this.append(data.text);
    else this.records.take(data.lines, (text) => this.append(text));
  }

  private append(text: string): void {
    if (!text) return;
    this.segments[this.segments.length - 1].push(text);
    this.text.append(text);
  }
  notice(event: FollowNotice): void {
    this.notices.push(event);
    if (event.kind === 'restarted') {
      this.segments.push([]);
      this.restartsAt.push(this.channel.length);
    }
    this.text.notice(noticeText(event));
  }
  /** The channel between restarts, notices removed. */
  channelParts(): string[] {
    const cuts = [0, ...this.restartsAt, this.channel.length];
    return cuts.slice(1).map((end, i) => stripNotices(this.channel.slice(cuts[i], end)));
  }
}

/** A log of multi-byte characters, TABs, CRs and controls (ESC, NUL, BEL, bidi), about `bytes` long. */
export function chaosLog(seed: number, bytes: number): Buffer {
  const rand = mulberry32(seed);
  const words = ['boot', 'é', '✓ pass', '🚀', 'Grüße', '日本語', '\t', 'ok', '\x1b[31mred\x1b[0m', '\x00', '\x07', '\u202e', '\r', 'Ω≈ç'];
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const parts = [`[${(i / 10).toFixed(3)}]`];
    const n = 1 + Math.floor(rand() * 10);
    for (let j = 0; j < n; j++) parts.push(words[Math.floor(rand() * words.length)]);
    const line = parts.join(' ') + '\n';
    out.push(line);
    size += Buffer.byteLength(line);
  }
  return Buffer.from(out.join(''), 'utf8');
}

interface Lane {
  sim: LavaSimulator;
  protocol: Protocol;
}

/**
 * The most requests a log-tail run may make.  Every request either failed (only because of an
 * injected fault: at most `injected` such), or succeeded; a successful one either brought new
 * data (at most one per growth step of the log — `steps` — plus one per utf8-split answer, which
 * delivers part of a step and leaves the rest for the next request, plus the first), or was a quiet
 * poll, followed by a wait of at least minDelayMs: at most growth time / minDelayMs + 1 of those per
 * growth of the log (it grows again from 0 after each restart).
 */
export function requestBoundLogTail(injected: number, splits: number, restarts: number, steps: number, growthMs: number): number {
  return injected + splits + (restarts + 1) * (steps + Math.ceil(growthMs / CHAOS_FOLLOW.minDelayMs) + 3);
}

/**
 * The most requests a REST run may make: failed ones (injected), and successful polls, each at
 * most 2 requests (the job's state, then its logs): one per batch of lines, one per half-line
 * answer (a line left for the next poll), quiet polls (one per minDelayMs while the job runs),
 * the job state's polls while queued and after the last record (every finishCheckMs), plus 3.
 */
export function requestBoundRest(injected: number, halfLines: number, batches: number, jobMs: number, finishCheckMs: number): number {
  return injected + 2 * (batches + halfLines + Math.ceil(jobMs / CHAOS_FOLLOW.minDelayMs) + Math.ceil(jobMs / finishCheckMs) + 3);
}

async function runOne(lane: Lane, runIndex: number, seed: number, rate: number, timeoutMs: number): Promise<RunResult> {
  const { sim, protocol } = lane;
  const id = String((protocol === 'rest' ? 100000 : 200000) + runIndex); // REST job ids are numbers
  const t0 = Date.now();
  const firstInjected = sim.injected.length;
  const firstRequest = sim.requests.length;
  const credentials = { serverUrl: sim.url, token: TOKEN };
  const sink = new ChannelSink();
  let expected: string;
  let bound: (injected: Record<string, number>) => number;
  let inner: LogSource;
  const finishCheckMs = 30;
  if (protocol === 'log-tail') {
    const rand = mulberry32(seed * 7919);
    const log = chaosLog(seed, 8000 + Math.floor(rand() * 32000));
    const chunk = { min: 200, max: 3000 };
    const intervalMs = 5 + Math.floor(rand() * 10);
    sim.addLogTailJob({ id, log, chunk, intervalMs, seed });
    expected = log.toString('utf8');
    const steps = Math.ceil(log.length / chunk.min) + 1;
    bound = (inj) => requestBoundLogTail(total(inj), inj['utf8-split'] ?? 0, inj.restart ?? 0, steps, steps * intervalMs);
    inner = new LogTailSource({ fetch, serverUrl: sim.url, jobId: id, timeoutMs, credentials });
  } else {
    const records = loadOutputYaml('complete');
    const submittedMs = 20;
    const linesPerSecond = 20000;
    const batchIntervalMs = 10 + (seed % 20);
    const finishDelayMs = 40;
    sim.addRestJob({ id, records, health: 'Complete', submittedMs, batchIntervalMs, linesPerSecond, finishDelayMs });
    expected = restExpected(records);
    const jobMs = submittedMs + (records.length / linesPerSecond) * 1000 + batchIntervalMs + finishDelayMs;
    const batches = Math.ceil(jobMs / batchIntervalMs) + 1;
    bound = (inj) => requestBoundRest(total(inj), inj['half-line'] ?? 0, batches, jobMs, finishCheckMs);
    inner = new RestSource({
      fetch,
      serverUrl: sim.url,
      jobId: id,
      timeoutMs,
      credentials,
      clock: systemClock,
      finishCheckMs,
      username: USER,
    });
  }
  sim.chaos({ seed, rate, kinds: CHAOS_KINDS[protocol], jobId: id, retryAfterSeconds: 1 });
  // What each poll came to, as the follower saw it: 'ok' or the error's kind.
  const polls: string[] = [];
  // Retry-After, as the follower saw it: the next poll starts no sooner than the 429 asked.
  let retryAfter: { at: number; ms: number } | undefined;
  let earlyRetries = 0;
  let honoured = 0;
  const source: LogSource = {
    async next(signal, deliver) {
      if (retryAfter) {
        if (Date.now() - retryAfter.at < retryAfter.ms - 2) earlyRetries++;
        else honoured++;
        retryAfter = undefined;
      }
      try {
        const batch = await inner.next(signal, deliver);
        polls.push('ok');
        return batch;
      } catch (err) {
        polls.push(err instanceof LavaError ? err.kind : 'not a LavaError');
        if (err instanceof LavaError && err.retryAfterMs) retryAfter = { at: Date.now(), ms: err.retryAfterMs };
        throw err;
      }
    },
  };
  const follower = new JobFollower(source, sink, systemClock, CHAOS_FOLLOW);
  const guard = setTimeout(() => follower.stop(), 120_000); // a hang is reported as 'stopped', below
  let end: FollowEnd;
  try {
    end = await follower.run();
  } finally {
    clearTimeout(guard);
  }
  sim.chaos(undefined);
  const requests = sim.requests.slice(firstRequest).filter((r) => r.jobId === id);
  const injectedList = sim.injected.slice(firstInjected).filter((f) => f.jobId === id);
  const injected: Record<string, number> = {};
  for (const f of injectedList) injected[f.kind] = (injected[f.kind] ?? 0) + 1;
  const where = `${protocol} run ${runIndex} (seed ${seed}, faults ${JSON.stringify(injected)})`;
  const fail = (why: string) => new Error(`${where}: ${why}`);

  // The output.
  const parts = sink.segments.map((p) => p.join(''));
  const channel = sink.channelParts();
  if (channel.length !== parts.length) throw fail(`${channel.length} channel parts for ${parts.length} restarts`);
  for (const [i, part] of parts.entries()) {
    if (channel[i] !== sanitizeLogText(part)) throw fail(`channel part ${i} is not its text sanitized`);
    const last = i === parts.length - 1;
    if (!last && !expected.startsWith(part)) throw fail(`part ${i} before a restart is not a prefix of the log`);
  }
  const shown = parts[parts.length - 1];
  let outcome: RunResult['outcome'];
  if (end.kind === 'finished') {
    if (shown !== expected) throw fail(`finished, but the output differs (${shown.length} of ${expected.length} characters)`);
    outcome = 'finished';
  } else if (end.kind === 'failed' && end.error.kind === 'bad-response') {
    // By design: the follow ends after BAD_ANSWER_RETRIES + 1 bad answers in a row (transient errors between them).
    let streak = 0;
    for (let i = polls.length - 1; i >= 0 && polls[i] !== 'ok'; i--) if (polls[i] === 'bad-response') streak++;
    const badInjected = injectedList.filter((f) => BAD_ANSWER_KINDS.includes(f.kind)).length;
    if (streak !== BAD_ANSWER_RETRIES + 1 || badInjected < streak)
      throw fail(`failed with a bad-response after ${streak} bad answers in a row (${badInjected} injected): ${end.error.message}`);
    if (!(expected.startsWith(shown) && shown.length < expected.length))
      throw fail('failed, and the output is not a strict prefix of the log');
    outcome = 'bad-answer-streak';
  } else {
    throw fail(`ended ${end.kind}${end.kind === 'failed' ? `: ${end.error.kind}: ${end.error.message}` : ''}`);
  }

  // Every failed poll was a fault's doing, or a timeout of our own (a busy process: 50 follows share one event loop).
  const failedPolls = polls.filter((p) => p !== 'ok');
  const faultsSeen = injectedList.filter((f) => f.kind !== 'hang' && f.kind !== 'stall').length;
  const ownTimeouts = Math.max(0, failedPolls.filter((k) => k === 'timeout').length - (injected.hang ?? 0) - (injected.stall ?? 0));
  if (failedPolls.length - ownTimeouts > faultsSeen + (injected.hang ?? 0) + (injected.stall ?? 0))
    throw fail(`${failedPolls.length} failed polls for ${injectedList.length} faults: ${failedPolls.join(' ')}`);
  if (failedPolls.some((k) => k === 'internal' || k === 'not a LavaError'))
    throw fail(`a poll failed as a bug of ours: ${failedPolls.join(' ')}`);
  // Requests: the token only, Retry-After respected, bounded.
  for (const r of requests) {
    const want = r.path === '/RPC2' ? `Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}` : `Token ${TOKEN}`;
    if (r.authorization !== want) throw fail(`a request without the token: ${r.path}`);
  }
  if (earlyRetries) throw fail(`${earlyRetries} poll(s) sooner than a 429's Retry-After`);
  const limit = bound(injected) + ownTimeouts;
  if (requests.length > limit) throw fail(`${requests.length} requests, bound ${limit}`);
  // No request after the end (the count is checked again once the lane is done).
  const countAtEnd = requests.length;
  await systemClock.sleep(CHAOS_FOLLOW.maxDelayMs * 2);
  const after = sim.requests.slice(firstRequest).filter((r) => r.jobId === id).length;
  if (after !== countAtEnd) throw fail(`${after - countAtEnd} request(s) after the follow ended`);
  return { protocol, id, seed, outcome, requests: countAtEnd, bound: limit, ownTimeouts, honoured, ms: Date.now() - t0 };
}

let restText: string | undefined;
/** Each record of the fixture formatted, once, in order (computed once). */
function restExpected(records: string[]): string {
  restText ??= parseRecords(records.join('\n') + '\n')
    .records.map((r) => formatRecord(r, REST_FORMAT))
    .join('');
  return restText;
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

async function runProtocol(
  protocol: Protocol,
  opts: Required<Omit<ChaosOptions, 'log'>> & { log?: (l: string) => void },
): Promise<ProtocolReport> {
  const t0 = Date.now();
  const sims = await Promise.all(Array.from({ length: opts.lanes }, () => LavaSimulator.start({ port: 0, token: TOKEN })));
  const results: RunResult[] = [];
  const failures: string[] = [];
  let next = 0;
  try {
    await Promise.all(
      sims.map(async (sim) => {
        for (;;) {
          const i = next++;
          if (i >= opts.runs) return;
          try {
            results.push(await runOne({ sim, protocol }, i, opts.seed + i, opts.rate, opts.timeoutMs));
          } catch (err) {
            failures.push((err as Error).message);
          }
          if ((i + 1) % 100 === 0) opts.log?.(`  ${protocol}: ${i + 1}/${opts.runs} runs started, ${failures.length} failed`);
        }
      }),
    );
    // No request about any run's job once its run is over (a last look after every lane is done).
    await systemClock.sleep(200);
    const seen = new Map<string, number>();
    for (const sim of sims) for (const r of sim.requests) if (r.jobId) seen.set(r.jobId, (seen.get(r.jobId) ?? 0) + 1);
    for (const r of results)
      if (seen.get(r.id) !== r.requests)
        failures.push(`${protocol} run ${r.id}: ${seen.get(r.id)! - r.requests} request(s) after the follow ended`);
  } finally {
    await Promise.all(sims.map((s) => s.close()));
  }
  const injected: Record<string, number> = {};
  for (const sim of sims) for (const [k, n] of Object.entries(sim.injectedCounts())) injected[k] = (injected[k] ?? 0) + n;
  const outcomes: Record<string, number> = {};
  for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  if (failures.length) outcomes.wrong = failures.length;
  return {
    protocol,
    runs: opts.runs,
    outcomes,
    injected,
    requests: sims.reduce((a, s) => a + s.requests.length, 0),
    maxRequests: Math.max(0, ...results.map((r) => r.requests)),
    maxBoundUse: Math.max(0, ...results.map((r) => r.requests / r.bound)),
    retryAfterWaits: results.reduce((a, r) => a + r.honoured, 0),
    ownTimeouts: results.reduce((a, r) => a + r.ownTimeouts, 0),
    failures,
    ms: Date.now() - t0,
  };
}

/** Runs the chaos; never throws for a wrong run (see `failures` and `unhandled`). */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const t0 = Date.now();
  const opts = {
    runs: options.runs,
    protocol: options.protocol,
    lanes: options.lanes ?? 16,
    seed: options.seed ?? 1,
    rate: options.rate ?? 0.3,
    timeoutMs: options.timeoutMs ?? 500,
    log: options.log,
  };
  const unhandled: string[] = [];
  const onRejection = (reason: unknown) => unhandled.push(`unhandledRejection: ${String((reason as Error)?.stack ?? reason)}`);
  const onException = (err: Error) => unhandled.push(`uncaughtException: ${err.stack ?? String(err)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  try {
    const protocols: Protocol[] = opts.protocol === 'both' ? ['log-tail', 'rest'] : [opts.protocol];
    const reports = await Promise.all(protocols.map((p) => runProtocol(p, opts)));
    // Let any late rejection surface before the handlers go.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { protocols: reports, unhandled, ms: Date.now() - t0 };
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
}

/** The report as printed by the CLI and the mocha test. */
export function formatReport(report: ChaosReport): string {
  const lines: string[] = [];
  for (const p of report.protocols) {
    lines.push(
      `${p.protocol}: ${p.runs} runs in ${(p.ms / 1000).toFixed(1)} s; outcomes ${JSON.stringify(p.outcomes)}`,
      `  requests ${p.requests} (${(p.requests / p.runs).toFixed(1)} a run, at most ${p.maxRequests}; ` +
        `at most ${(p.maxBoundUse * 100).toFixed(0)}% of the run's bound); 429 waits honoured: ${p.retryAfterWaits}; ` +
        `timeouts without a fault (busy process): ${p.ownTimeouts}`,
      `  faults injected (${total(p.injected)}): ${JSON.stringify(p.injected)}`,
    );
    for (const f of p.failures.slice(0, 20)) lines.push(`  WRONG: ${f}`);
  }
  lines.push(`unhandled rejections / exceptions: ${report.unhandled.length}; total ${(report.ms / 1000).toFixed(1)} s`);
  for (const u of report.unhandled.slice(0, 10)) lines.push(`  ${u}`);
  return lines.join('\n');
}

/** Whether the report shows no wrong run and nothing unhandled. */
export function reportOk(report: ChaosReport): boolean {
  return report.unhandled.length === 0 && report.protocols.every((p) => p.failures.length === 0);
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const runs = Number(arg('runs') ?? 1000);
  const protocol = (arg('protocol') ?? 'both') as ChaosOptions['protocol'];
  const lanes = Number(arg('lanes') ?? 16);
  const seed = Number(arg('seed') ?? 1);
  console.log(`chaos: ${runs} runs per protocol (${protocol}), ${lanes} lanes each, seeds ${seed}..${seed + runs - 1}`);
  runChaos({ runs, protocol, lanes, seed, log: (l) => console.log(l) }).then(
    (report) => {
      console.log(formatReport(report));
      process.exitCode = reportOk(report) ? 0 : 1;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
