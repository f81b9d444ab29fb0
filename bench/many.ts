// 7. Many jobs at once: N follows of active REST jobs (LAVA-like: records printed all along,
// uploaded in 2 s batches) against the simulator, for a fixed time. The simulator runs in its own
// process, the followers in another (this file, `--follow`), so the follower process's CPU time
// (process.cpuUsage) and peak memory are its own. One follow next to 50: CPU per MB delivered and
// peak memory growth should grow at most linearly with the number of jobs.
import { ChildProcess, fork } from 'child_process';
import { systemClock } from '../src/core/util/clock';
import { defaultFollowOptions, FollowSink, JobFollower } from '../src/core/follow/follower';
import { FetchFn } from '../src/core/net/http';
import { RestSource } from '../src/core/protocols/rest/restSource';
import { LavaSimulator } from '../test/simulator/server';
import { BenchOptions, BenchResult, fmtBytes, fmtMs, fmtNum, goalRow, MB, Row, textSink, warmFetch } from './common';
import { growingRecords } from './data';

interface ManyResult {
  jobs: number;
  durationMs: number;
  cpuMs: number;
  /** Characters delivered to the sinks (≈ bytes: the log is ASCII). */
  delivered: number;
  peakHeapGrowth: number;
  peakRssGrowth: number;
  requests: number;
}

const LINES_PER_SECOND = 20;
const BATCH_MS = 2000;

/** The simulator with `jobs` active REST jobs, in this process (the `--sim` child). */
async function simMain(jobs: number, seconds: number): Promise<void> {
  const sim = await LavaSimulator.start({ port: 0 });
  // LAVA's lava/job result only at the end (never reached here): the fixtures repeated would hold one
  // every 1761 records, after which a follower only waits for the job to end (it delivered 1/4 of the log).
  const { lines } = growingRecords(200 * (LINES_PER_SECOND * (seconds + 30)), 1);
  for (let j = 0; j < jobs; j++)
    sim.addRestJob({
      id: String(100 + j),
      records: lines,
      health: 'Complete',
      linesPerSecond: LINES_PER_SECOND,
      batchIntervalMs: BATCH_MS,
    });
  process.send!({ url: sim.url });
  process.on('message', () => {
    process.send!({ requests: sim.requests.length });
    void sim.close().then(() => process.exit(0));
  });
}

/** The followers (the `--follow` child): `jobs` follows for `ms`, then the numbers. */
async function followMain(url: string, jobs: number, ms: number): Promise<void> {
  await warmFetch(`${url}/api/v0.2/system/version/`); // undici loaded and its parser compiled before measuring
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed + base.external;
  let peakRss = base.rss;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed + m.external);
    peakRss = Math.max(peakRss, m.rss);
  };
  const timer = setInterval(sample, 50);
  let delivered = 0;
  let requests = 0;
  const counting: FetchFn = (input, init) => {
    requests++;
    return fetch(input, init);
  };
  const sink: FollowSink = textSink((t) => void (delivered += t.length));
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const followers = Array.from({ length: jobs }, (_, j) => {
    const source = new RestSource({
      fetch: counting,
      serverUrl: url,
      jobId: String(100 + j),
      timeoutMs: 30000,
      clock: systemClock,
    });
    return new JobFollower(source, sink, systemClock, defaultFollowOptions);
  });
  const runs = followers.map((f) => f.run());
  await new Promise((r) => setTimeout(r, ms));
  for (const f of followers) f.stop();
  await Promise.all(runs);
  const cpu = process.cpuUsage(cpu0);
  sample();
  clearInterval(timer);
  const result: ManyResult = {
    jobs,
    durationMs: Date.now() - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    delivered,
    peakHeapGrowth: peakHeap - (base.heapUsed + base.external),
    peakRssGrowth: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) - base.rss,
    requests,
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

function once<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`child exited (${code})`)));
  });
}

async function measure(jobs: number, ms: number): Promise<ManyResult> {
  const sim = fork(__filename, ['--sim', String(jobs), String(Math.ceil(ms / 1000))], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [],
  });
  try {
    const { url } = await once<{ url: string }>(sim);
    const child = fork(__filename, ['--follow', url, String(jobs), String(ms)], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      execArgv: ['--expose-gc'],
    });
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => (out += d));
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const line = out.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`many ${jobs}: no result: ${out.slice(-500)}`);
    return JSON.parse(line.slice(7)) as ManyResult;
  } finally {
    sim.send('close');
    await new Promise<void>((resolve) => {
      if (sim.exitCode !== null) resolve();
      sim.once('exit', () => resolve());
      setTimeout(() => (sim.kill('SIGKILL'), resolve()), 5000);
    });
  }
}

export async function manyBench(opts: BenchOptions): Promise<BenchResult> {
  const ms = opts.smoke ? 4000 : 120000;
  const many = opts.smoke ? 10 : 50;
  const one = await measure(1, ms);
  const lots = await measure(many, ms);
  const rows: Row[] = [];
  const perMb = (r: ManyResult) => r.cpuMs / (r.delivered / MB);
  for (const r of [one, lots]) {
    rows.push({
      bench: 'many jobs',
      variant: `ours: ${r.jobs} follow${r.jobs > 1 ? 's' : ''} of active REST jobs, ${fmtMs(r.durationMs)}`,
      metric: 'CPU per MB delivered; peak memory growth',
      value: perMb(r),
      shown: `${fmtMs(perMb(r))}/MB (${fmtMs(r.cpuMs)} for ${fmtBytes(r.delivered)}, ${r.requests} req); heap ${fmtBytes(r.peakHeapGrowth)}, RSS ${fmtBytes(r.peakRssGrowth)}`,
    });
  }
  const cpuRatio = perMb(lots) / perMb(one);
  const memRatio = lots.peakRssGrowth / Math.max(one.peakRssGrowth, 1) / lots.jobs;
  rows.push(
    goalRow(
      {
        bench: 'many jobs',
        variant: `ours: ${lots.jobs} ÷ 1`,
        metric: 'CPU per MB delivered, ratio',
        value: cpuRatio,
        shown: `${fmtNum(cpuRatio, 2)}×`,
        max: 1,
        goalText: '≤ 1× (linear)',
      },
      'per-request costs (HTTP, job-state reads) are per job; with one job the fixed cost of the process is spread over fewer MB',
    ),
  );
  rows.push(
    goalRow(
      {
        bench: 'many jobs',
        variant: `ours: ${lots.jobs} ÷ 1`,
        metric: `peak RSS growth ÷ (${lots.jobs} × one follow's)`,
        value: memRatio,
        shown: `${fmtNum(memRatio, 2)} (${fmtBytes(lots.peakRssGrowth)} vs ${fmtBytes(one.peakRssGrowth)})`,
        max: 1,
        goalText: '≤ 1 (linear)',
      },
      'the memory of a follow in flight: one page of records per job',
    ),
  );
  return {
    name: 'many',
    title: `7. Many jobs at once (${many} follows for ${fmtMs(ms)} against one)`,
    rows,
    notes: [
      `REST jobs printing ${LINES_PER_SECOND} records a second, uploaded in ${BATCH_MS / 1000} s batches; simulator in its own process; the followers' process measured (process.cpuUsage, memoryUsage every 50 ms, maxRSS) from the first request to the stop.`,
    ],
    details: { one, lots },
  };
}

if (require.main === module) {
  const [mode, a, b, c] = process.argv.slice(2);
  if (mode === '--sim') void simMain(Number(a), Number(b));
  else if (mode === '--follow') void followMain(a, Number(b), Number(c));
}
