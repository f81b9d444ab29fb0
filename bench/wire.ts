// 1. Wire efficiency: response bytes received ÷ log bytes while following a growing job to its end,
// for our core (log-tail and REST) next to a fixed-interval offset poller and a whole-log
// re-download poller.  Every follower gets its own simulator holding an identical job (same data,
// same seed, started together), so `sim.bytesSent` counts exactly one follower's bytes.
import { systemClock } from '../src/core/util/clock';
import { defaultFollowOptions, JobFollower } from '../src/core/follow/follower';
import { FetchFn } from '../src/core/net/http';
import { LogTailSource } from '../src/core/protocols/logTailSource';
import { RestSource } from '../src/core/protocols/rest/restSource';
import { loadOutputYaml } from '../test/simulator/fixtures';
import { LavaSimulator } from '../test/simulator/server';
import { BenchOptions, BenchResult, CountingSink, fmtBytes, fmtMs, fmtNum, goalRow, Row, withTimeout } from './common';
import { textLogOfSize } from './data';
import { Poller, Protocol, StrategyKind } from './strategies';

type Variant = { kind: 'ours' } | { kind: StrategyKind; intervalMs: number };

interface Traffic {
  /** Response body bytes per category, counted by the client. */
  logBodies: number;
  /** log-tail: content bytes inside the JSON answers. */
  logContent: number;
  jobBodies: number;
  notFoundBodies: number;
  logRequests: number;
  jobRequests: number;
  notFound: number;
}

/** Counts response body bytes by kind of request (reads the body and hands on a copy). */
function countingFetch(traffic: Traffic): FetchFn {
  return async (input, init) => {
    const res = await fetch(input, init);
    const buf = Buffer.from(await res.arrayBuffer());
    const url = String(input);
    if (url.includes('/log-tail')) {
      traffic.logRequests++;
      traffic.logBodies += buf.length;
      try {
        traffic.logContent += Buffer.byteLength((JSON.parse(buf.toString('utf8')) as { content: string }).content, 'utf8');
      } catch {
        // not a log-tail answer
      }
    } else if (url.includes('/logs/')) {
      traffic.logRequests++;
      if (res.status === 404) {
        traffic.notFound++;
        traffic.notFoundBodies += buf.length;
      } else {
        traffic.logBodies += buf.length;
        traffic.logContent += buf.length;
      }
    } else {
      traffic.jobRequests++;
      traffic.jobBodies += buf.length;
    }
    return new Response(buf.length > 0 ? buf : null, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

interface RunResult {
  protocol: Protocol;
  variant: string;
  ours: boolean;
  logBytes: number;
  bytesSent: number;
  requests: number;
  ratio: number;
  durationMs: number;
  complete: boolean;
  traffic: Traffic;
}

function variantLabel(v: Variant): string {
  if (v.kind === 'ours') return 'ours (adaptive)';
  return `${v.kind === 'offset' ? 'offset poll' : 'whole log each poll'} every ${v.intervalMs / 1000} s`;
}

async function runOne(protocol: Protocol, v: Variant, opts: BenchOptions): Promise<RunResult> {
  const sim = await LavaSimulator.start({ port: 0 });
  try {
    const traffic: Traffic = { logBodies: 0, logContent: 0, jobBodies: 0, notFoundBodies: 0, logRequests: 0, jobRequests: 0, notFound: 0 };
    const fetchFn = countingFetch(traffic);
    const sink = new CountingSink(protocol === 'log-tail');
    let logBytes: number;
    let check: () => boolean;
    let delivered = () => 0;
    if (protocol === 'log-tail') {
      const { log } = textLogOfSize(opts.smoke ? 40 * 1024 : 300 * 1024, opts.seed);
      sim.addLogTailJob({ id: '1', log, chunk: { min: 64, max: 2048 }, intervalMs: opts.smoke ? 5 : 200, seed: opts.seed });
      logBytes = log.length;
      check = () => Buffer.from(sink.text, 'utf8').equals(log);
    } else {
      const records = loadOutputYaml('complete');
      const job = sim.addRestJob({
        id: '1',
        records,
        health: 'Complete',
        timeScale: opts.smoke ? 25 : 1,
        batchIntervalMs: opts.smoke ? 200 : 5000,
        finishDelayMs: opts.smoke ? 300 : 10000,
      });
      logBytes = job.logBytes.length;
      check = () => delivered() === records.length;
    }
    const t0 = Date.now();
    if (v.kind === 'ours') {
      const common = { fetch: fetchFn, serverUrl: sim.url, jobId: '1', timeoutMs: 30000 };
      if (protocol === 'log-tail') {
        await new JobFollower(new LogTailSource(common), sink, systemClock, defaultFollowOptions).run();
      } else {
        const source = new RestSource({ ...common, clock: systemClock });
        delivered = () => source.offset;
        await new JobFollower(source, sink, systemClock, defaultFollowOptions).run();
      }
    } else {
      const poller = new Poller({ protocol, kind: v.kind, serverUrl: sim.url, jobId: '1', intervalMs: v.intervalMs, sink, fetch: fetchFn });
      delivered = () => sink.lines;
      await poller.run();
    }
    const durationMs = Date.now() - t0;
    return {
      protocol,
      variant: variantLabel(v),
      ours: v.kind === 'ours',
      logBytes,
      bytesSent: sim.bytesSent,
      requests: sim.requests.length,
      ratio: sim.bytesSent / logBytes,
      durationMs,
      complete: check(),
      traffic,
    };
  } finally {
    await sim.close();
  }
}

export async function wireBench(opts: BenchOptions): Promise<BenchResult> {
  const intervalMs = opts.smoke ? 200 : 2000;
  const variants: Variant[] = [{ kind: 'ours' }, { kind: 'offset', intervalMs }, { kind: 'whole-log', intervalMs }];
  const runs = await withTimeout(
    'wire',
    opts.smoke ? 60000 : 300000,
    Promise.all((['log-tail', 'rest'] as Protocol[]).flatMap((p) => variants.map((v) => runOne(p, v, opts)))),
  );
  const rows: Row[] = [];
  for (const r of runs) {
    const base = {
      bench: 'wire',
      variant: `${r.protocol}: ${r.variant}`,
      metric: 'bytes received ÷ log bytes',
      value: r.ratio,
      shown: `${fmtNum(r.ratio, 3)} (${fmtBytes(r.bytesSent)} / ${fmtBytes(r.logBytes)}, ${r.requests} req)${r.complete ? '' : ' INCOMPLETE LOG'}`,
    };
    if (!r.ours) {
      rows.push(base);
      continue;
    }
    const t = r.traffic;
    const bound =
      r.protocol === 'log-tail'
        ? `the log-tail answer is JSON: ${fmtBytes(t.logBodies - t.logContent)} of envelope and string escaping (quotes, backslashes, non-ASCII as \\uXXXX) over ${t.logRequests} answers`
        : `${t.jobRequests} job-state reads (${fmtBytes(t.jobBodies)}: XML-RPC scheduler.job_state/job_health, ~350 B each; the logs endpoint has no end marker, so RestSource reads the state at start, after a minute of quiet log and once a minute while it stays quiet, and every 4 s after the lava/job result until Finished) + ${t.notFound} 404 bodies (${fmtBytes(t.notFoundBodies)})`;
    rows.push(goalRow({ ...base, max: r.protocol === 'rest' ? 1.05 : 1.01 }, bound));
  }
  for (const r of runs) if (!r.complete) throw new Error(`wire: ${r.protocol} ${r.variant} did not deliver the whole log`);
  return {
    name: 'wire',
    title: '1. Wire efficiency (response bodies ÷ log bytes, following a growing job to its end)',
    rows,
    notes: [
      `log-tail job: ${fmtBytes(runs[0].logBytes)} console text growing by 64-2048 B every ${opts.smoke ? 5 : 200} ms; ` +
        `REST job: the captured 'complete' job (678 records, ${fmtBytes(runs[3].logBytes)}) at ${opts.smoke ? '25×' : 'real'} speed, ` +
        `LAVA's ${opts.smoke ? 0.2 : 5} s upload batches, Finished ${opts.smoke ? 0.3 : 10} s after its last line.`,
      'Response bodies only (what sim.bytesSent counts); HTTP headers (~250-400 B per request) come on top of every row.',
      'REST pollers read the job state each poll (like lavacli): the logs endpoint never says the log is over.',
      ...runs.map(
        (r) =>
          `${r.protocol} ${r.variant}: followed for ${fmtMs(r.durationMs)}, ${r.traffic.logRequests} log requests, ${r.traffic.jobRequests} job requests.`,
      ),
    ],
    details: runs,
  };
}
