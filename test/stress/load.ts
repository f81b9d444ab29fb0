/**
 * Load: 50 concurrent follows (half log-tail, half REST, all active jobs) against one simulator
 * for a while, with the product's own polling delays.  Issue #10, "Systematic proof".
 *
 *   node out/test/stress/load.js [--seconds 120] [--follows 50]
 *   npm run stress -- --seconds 120
 *
 * Half the jobs end on their own in the first half of the time (their output must be the log
 * exactly), the others are still running when the time is up and are stopped (their output must be
 * exactly the log up to where the source got: bytes for log-tail, whole records for REST).  Each
 * follow's request rate is reported and bounded (requestBound).  After every follow has ended:
 * no abort listener left on any follower's signal, no connection left at the simulator once its idle
 * keep-alive connections are closed, and process.getActiveResourcesInfo() back to what it was
 * before the follows started (the simulator's own server handle is there before and after).
 */
import { getEventListeners } from 'node:events';
import { systemClock } from '../../src/core/util/clock';
import { defaultFollowOptions, FollowEnd, JobFollower } from '../../src/core/follow/follower';
import { formatRecord, FormatOptions } from '../../src/core/log/format';
import { RecordText } from '../../src/core/follow/recordText';
import { LogData } from '../../src/core/follow/logSource';
import { parseRecords } from '../../src/core/log/records';
import { LogTailSource } from '../../src/core/protocols/logTailSource';
import { RestSource } from '../../src/core/protocols/rest/restSource';
import { loadOutputYaml } from '../simulator/fixtures';
import { LavaSimulator } from '../simulator/server';
import { chaosLog } from './chaos';

export interface LoadOptions {
  seconds: number;
  follows?: number;
  log?: (line: string) => void;
}

export interface FollowStat {
  protocol: 'log-tail' | 'rest';
  id: string;
  end: FollowEnd['kind'];
  requests: number;
  bound: number;
  seconds: number;
}

export interface LoadReport {
  follows: FollowStat[];
  requests: number;
  /** Requests per second per follow: mean and max. */
  meanRate: number;
  maxRate: number;
  failures: string[];
  /** Resource types (getActiveResourcesInfo) before the follows and after they all ended. */
  resourcesBefore: Record<string, number>;
  resourcesAfter: Record<string, number>;
  simSocketsAfter: number;
  abortListenersAfter: number;
  ms: number;
}

const FORMAT: FormatOptions = { time: 'utc' };
const TOKEN = 'load-token';

function countResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

/** Resource types with more entries after than before. */
export function leftovers(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [k, n] of Object.entries(after)) if (n > (before[k] ?? 0)) extra[k] = n - (before[k] ?? 0);
  return extra;
}

export async function runLoad(opts: LoadOptions): Promise<LoadReport> {
  const t0 = Date.now();
  const seconds = opts.seconds;
  const n = opts.follows ?? 50;
  const failures: string[] = [];
  let sent = 0;
  const countingFetch: typeof fetch = (input, init) => {
    sent++;
    return fetch(input, init);
  };
  const sim = await LavaSimulator.start({ port: 0, token: TOKEN });
  const credentials = { serverUrl: sim.url, token: TOKEN };
  const records = loadOutputYaml('complete');
  const formatted = parseRecords(records.join('\n') + '\n').records.map((r) => formatRecord(r, FORMAT));
  const opt = defaultFollowOptions;
  const timeoutMs = 10_000;
  try {
    const before = countResources();
    const runs = Array.from({ length: n }, (_, i) => {
      const protocol = i % 2 === 0 ? ('log-tail' as const) : ('rest' as const);
      const endsAlone = i % 4 < 2; // half of each protocol end on their own, within half the time
      const durationMs = (endsAlone ? 0.25 + ((i * 7) % 10) / 40 : 2) * seconds * 1000;
      const id = String(1000 + i);
      const started = Date.now();
      if (protocol === 'log-tail') {
        const intervalMs = 200 + (i % 5) * 50;
        const steps = Math.max(4, Math.round(durationMs / intervalMs));
        const log = chaosLog(i + 1, steps * 600);
        sim.addLogTailJob({ id, log, chunk: { min: 300, max: 900 }, intervalMs, seed: i + 1 });
        const source = new LogTailSource({ fetch: countingFetch, serverUrl: sim.url, jobId: id, timeoutMs, credentials });
        const chunks: string[] = [];
        const sink = { data: (d: LogData) => void (d.kind === 'text' && chunks.push(d.text)), notice: () => undefined };
        const follower = new JobFollower(source, sink, systemClock, opt);
        /** Growth steps up to now (at most), then quiet polls at least minDelayMs apart, and a few more. */
        const bound = (ms: number) => Math.ceil(Math.min(ms, durationMs * 1.6) / intervalMs) + Math.ceil(ms / opt.minDelayMs) + 3;
        const check = (end: FollowEnd) => {
          const text = Buffer.from(chunks.join(''), 'utf8');
          if (end.kind === 'finished' && !text.equals(log)) return 'finished, but the output is not the log';
          if (end.kind === 'stopped' && !(text.length === source.position && log.subarray(0, text.length).equals(text)))
            return 'stopped, and the output is not the log up to the position';
          return undefined;
        };
        return { protocol, id, endsAlone, follower, started, bound, check };
      }
      const linesPerSecond = (records.length / durationMs) * 1000;
      sim.addRestJob({ id, records, health: 'Complete', submittedMs: 300, batchIntervalMs: 1000, linesPerSecond, finishDelayMs: 500 });
      const source = new RestSource({
        fetch: countingFetch,
        serverUrl: sim.url,
        jobId: id,
        timeoutMs,
        credentials,
        clock: systemClock,
      });
      const chunks: string[] = [];
      const recordText = new RecordText(id, FORMAT);
      const sink = {
        data: (d: LogData) => (d.kind === 'text' ? chunks.push(d.text) : recordText.take(d.lines, (t) => t && chunks.push(t))),
        notice: () => undefined,
      };
      const follower = new JobFollower(source, sink, systemClock, opt);
      /** Each poll at most 2 requests (state, logs): per upload batch, per minDelayMs while quiet, per finish check (4 s), and 3. */
      const bound = (ms: number) => 2 * (Math.ceil(ms / 1000) + Math.ceil(ms / opt.minDelayMs) + Math.ceil(ms / 4000) + 3);
      const check = (end: FollowEnd) => {
        const text = chunks.join('');
        if (end.kind === 'finished' && text !== formatted.join('')) return 'finished, but the output is not every record once';
        if (end.kind === 'stopped' && text !== formatted.slice(0, source.offset).join(''))
          return `stopped, and the output is not the ${source.offset} first records`;
        return undefined;
      };
      return { protocol, id, endsAlone, follower, started, bound, check };
    });
    const ends = runs.map((r) => r.follower.run().then((end) => ({ end, at: Date.now() })));
    const timer = setTimeout(() => runs.forEach((r) => r.follower.stop()), seconds * 1000);
    const results = await Promise.all(ends);
    clearTimeout(timer);
    const stats: FollowStat[] = [];
    for (const [i, r] of runs.entries()) {
      const { end, at } = results[i];
      const ms = at - r.started;
      const requests = sim.requests.filter((q) => q.jobId === r.id).length;
      const bound = r.bound(ms);
      const where = `${r.protocol} job ${r.id}`;
      const wrong = r.check(end);
      if (wrong) failures.push(`${where}: ${wrong}`);
      if (end.kind === 'failed') failures.push(`${where}: failed: ${end.error.message}`);
      if (r.endsAlone && end.kind !== 'finished') failures.push(`${where}: should have ended on its own, ended ${end.kind}`);
      if (!r.endsAlone && end.kind !== 'stopped') failures.push(`${where}: should have been stopped, ended ${end.kind}`);
      if (requests > bound) failures.push(`${where}: ${requests} requests in ${ms} ms, bound ${bound}`);
      stats.push({ protocol: r.protocol, id: r.id, end: end.kind, requests, bound, seconds: ms / 1000 });
    }
    // Nothing left behind: listeners on the followers' signals, connections, timers, sockets.
    const abortListeners = runs.reduce(
      (a, r) => a + getEventListeners((r.follower as unknown as { controller: AbortController }).controller.signal, 'abort').length,
      0,
    );
    if (abortListeners) failures.push(`${abortListeners} abort listener(s) left on followers' signals`);
    // Requests sent (fetch called) after the end. A request sent just before the end may still
    // reach the simulator after it on a loaded machine: the client's side is what counts.
    const sentAtEnd = sent;
    await systemClock.sleep(100);
    sim.closeIdleConnections();
    let after = countResources();
    for (let i = 0; i < 250 && (sim.openSockets > 0 || Object.keys(leftovers(before, after)).length > 0); i++) {
      await systemClock.sleep(20);
      if (i % 25 === 0) sim.closeIdleConnections();
      after = countResources();
    }
    if (sent !== sentAtEnd) failures.push(`${sent - sentAtEnd} request(s) sent after every follow ended`);
    if (sim.openSockets > 0) failures.push(`${sim.openSockets} connection(s) still open at the simulator`);
    const extra = leftovers(before, after);
    if (Object.keys(extra).length) failures.push(`resources left: ${JSON.stringify(extra)}`);
    const rates = stats.map((s) => s.requests / Math.max(s.seconds, 0.001));
    return {
      follows: stats,
      requests: sim.requests.length,
      meanRate: rates.reduce((a, b) => a + b, 0) / rates.length,
      maxRate: Math.max(...rates),
      failures,
      resourcesBefore: before,
      resourcesAfter: after,
      simSocketsAfter: sim.openSockets,
      abortListenersAfter: abortListeners,
      ms: Date.now() - t0,
    };
  } finally {
    await sim.close();
  }
}

export function formatLoadReport(r: LoadReport): string {
  const by = (p: string) => r.follows.filter((f) => f.protocol === p);
  const count = (list: FollowStat[]) => {
    const c: Record<string, number> = {};
    for (const f of list) c[f.end] = (c[f.end] ?? 0) + 1;
    return JSON.stringify(c);
  };
  const rate = (list: FollowStat[]) => {
    const rates = list.map((f) => f.requests / f.seconds);
    return `mean ${(rates.reduce((a, b) => a + b, 0) / rates.length).toFixed(2)}, max ${Math.max(...rates).toFixed(2)} requests/s`;
  };
  const lines = [
    `load: ${r.follows.length} follows in ${(r.ms / 1000).toFixed(1)} s, ${r.requests} requests`,
    `  log-tail: ${count(by('log-tail'))}; ${rate(by('log-tail'))} per follow`,
    `  rest:     ${count(by('rest'))}; ${rate(by('rest'))} per follow`,
    `  max requests / bound: ${Math.max(...r.follows.map((f) => f.requests / f.bound)).toFixed(2)}`,
    `  after: ${r.abortListenersAfter} abort listeners, ${r.simSocketsAfter} simulator sockets; resources before ${JSON.stringify(r.resourcesBefore)}, after ${JSON.stringify(r.resourcesAfter)}`,
    `  wrong: ${r.failures.length}`,
  ];
  for (const f of r.failures.slice(0, 20)) lines.push(`  WRONG: ${f}`);
  return lines.join('\n');
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const seconds = Number(arg('seconds') ?? 120);
  const follows = Number(arg('follows') ?? 50);
  console.log(`load: ${follows} follows for ${seconds} s`);
  runLoad({ seconds, follows }).then(
    (r) => {
      console.log(formatLoadReport(r));
      process.exitCode = r.failures.length ? 1 : 0;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
