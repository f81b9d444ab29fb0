// 3. Memory: peak heap and RSS growth while following a finished log to its end, for two log
// sizes, each run in a fresh process started with --expose-gc (baseline taken after gc()).
import { BenchOptions, BenchResult, fmtBytes, fmtNum, goalRow, MB, Row } from './common';
import { deliveredAll, IngestResult, runIngest } from './ingestChild';
import { sharedHost } from './simHost';
import { throughputSize } from './throughput';

export async function memoryBench(opts: BenchOptions): Promise<BenchResult> {
  const sizes = opts.smoke ? [1 * MB, throughputSize(opts)] : [10 * MB, throughputSize(opts)];
  const rows: Row[] = [];
  const notes: string[] = [];
  const details: Record<string, Record<string, IngestResult>> = {};
  for (const kind of ['log-tail', 'rest'] as const) {
    details[kind] = {};
    const growth: { heap: number; rss: number }[] = [];
    for (const size of sizes) {
      const host = await sharedHost({ kind, bytes: size, seed: opts.seed });
      const r = await runIngest({ mode: kind, url: host.info.url, memory: true });
      if (!deliveredAll(r, host.info) || !r.memory) throw new Error(`memory ${kind} ${fmtBytes(size)}: incomplete follow`);
      details[kind][String(size)] = r;
      growth.push({ heap: r.memory.heapGrowth, rss: r.memory.rssGrowth });
      const bound =
        kind === 'log-tail'
          ? 'the log size: LogTailSource asks for everything from its offset to the end in one request (the protocol has no size limit), so the whole rest of the log is held at once as the JSON answer and then as its decoded content'
          : 'RestSource asks pages of 5000 records (logs/?start=N&end=N+5000) and reads each answer as it arrives, handing over the records of each piece at once: nothing of the log is held; what is left is the garbage V8 lets build up between its collections at this allocation rate (a record object and a formatted line per record), and RSS also holds the young generation V8 grows for it';
      for (const [metric, value] of [
        ['peak heap+external growth', r.memory.heapGrowth],
        ['peak RSS growth', r.memory.rssGrowth],
      ] as const) {
        rows.push(
          goalRow(
            {
              bench: 'memory',
              variant: `${kind}: ours, ${fmtBytes(host.info.logBytes)} log`,
              metric,
              value: value / MB,
              shown: fmtBytes(value),
              max: 64,
              goalText: '≤ 64 MB',
            },
            bound,
          ),
        );
      }
    }
    const [small, big] = growth;
    const scale = big.rss / Math.max(small.rss, 1);
    rows.push(
      goalRow(
        {
          bench: 'memory',
          variant: `${kind}: ours`,
          metric: `RSS growth ${fmtBytes(sizes[1])} ÷ ${fmtBytes(sizes[0])}`,
          value: scale,
          shown: `${fmtNum(scale, 1)}× (heap ${fmtNum(big.heap / Math.max(small.heap, 1), 1)}×; log ${fmtNum(sizes[1] / sizes[0], 0)}×)`,
          max: 1.5,
          goalText: '≈ 1× (≤ 1.5×)',
        },
        kind === 'log-tail'
          ? 'the answer is decoded as it streams and handed over piece by piece: nothing grows with the log'
          : 'nothing of the log is held (see above): the growth is garbage not yet collected, which V8 lets build up further on a longer run',
      ),
    );
  }
  notes.push(
    'Each run: a fresh node --expose-gc process, baseline after two gc() calls, heap (heapUsed + external) sampled every 5 ms and at each answer and sink call; RSS peak from the kernel (maxRSS).',
    'The sink formats REST records as the extension does, then only counts characters (VS Code keeps channel text in another process).',
  );
  return { name: 'memory', title: '3. Memory while following a finished log to its end', rows, notes, details };
}
