// 7. The job log as an editor document (issue 11's cost clause): a refreshed virtual document hands
// VS Code its whole text again, so what it costs is measured where it adds up.
//   growing:  a REST job growing to 20 MB over 2 minutes, followed into a JobLog by the real
//             JobFollower + RestSource, with a visible document refreshed as jobLogDocuments.ts
//             does (refreshDecision, renderLog on 'now'): characters handed ÷ final size, and the
//             delay between a record's arrival and the refresh that shows it.
//   open:     a finished 50 MB log followed to its end into a JobLog + one renderLog, next to a
//             plain download of the same pages, alternating in fresh processes (documentChild).
//   memory:   heap + external held by that JobLog (and the document's LineMap) once the rendered
//             text is dropped, ÷ the log's size.
import { LavaSimulator } from '../test/simulator/server';
import { BenchOptions, BenchResult, fmtBytes, fmtMs, fmtNum, goalRow, MB, median, Row, withTimeout } from './common';
import { growingRecords } from './data';
import { DocResult, GrowResult, OpenResult, PAGE_SIZE, runDocChild } from './documentChild';
import { defaultRefreshPolicy } from '../src/core/document/refreshPolicy';
import { sharedHost } from './simHost';
import { JobLog } from '../src/core/log/jobLog';
import { LineMap } from '../src/core/log/lineMap';
import { colourRanges } from '../src/core/document/logColours';

/** The p-th percentile of values weighted by counts ([value, count] pairs). */
function weightedPercentile(pairs: readonly [number, number][], p: number): number {
  const s = [...pairs].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = s.reduce((a, [, n]) => a + n, 0);
  if (total === 0) return NaN;
  const rank = (p / 100) * total;
  let seen = 0;
  for (const [v, n] of s) {
    seen += n;
    if (seen >= rank) return v;
  }
  return s[s.length - 1][0];
}

function asGrow(r: DocResult): GrowResult {
  if (r.mode !== 'grow') throw new Error(`expected a grow result, got ${r.mode}`);
  return r;
}

function asOpen(r: DocResult): OpenResult {
  if (r.mode === 'grow') throw new Error('expected an open result');
  return r;
}

async function growing(opts: BenchOptions, rows: Row[], notes: string[]): Promise<GrowResult> {
  const bytes = opts.smoke ? 2 * MB : 20 * MB;
  const durationMs = opts.smoke ? 10000 : 120000;
  const { lines } = growingRecords(bytes, opts.seed);
  const sim = await LavaSimulator.start({ port: 0 });
  let r: GrowResult;
  let logBytes: number;
  try {
    // LAVA's pace: lines produced evenly over durationMs, uploaded in 5 s batches (the default).
    const job = sim.addRestJob({ id: '1', records: lines, health: 'Complete', linesPerSecond: lines.length / (durationMs / 1000) });
    logBytes = job.logBytes.length;
    r = asGrow(
      await withTimeout('document: growing log', durationMs + 120000, runDocChild({ mode: 'grow', url: sim.url, records: lines.length })),
    );
    if (r.end !== 'finished' || r.records !== lines.length || r.unshown !== 0)
      throw new Error(`document: growing log ended ${r.end} with ${r.records} of ${lines.length} records, ${r.unshown} never shown`);
  } finally {
    await sim.close();
  }
  const ratio = r.handedChars / r.finalChars;
  const p50 = weightedPercentile(r.delays, 50);
  const p95 = weightedPercentile(r.delays, 95);
  const max = weightedPercentile(r.delays, 100);
  const variant = `growing REST log, ${fmtBytes(r.finalChars)} document (${fmtBytes(logBytes)} output.yaml) over ${fmtMs(durationMs)}`;
  const g = defaultRefreshPolicy.growth;
  const big = r.refreshes.filter((x) => x.logSize >= defaultRefreshPolicy.smallChars);
  rows.push(
    goalRow(
      {
        bench: 'document',
        variant,
        metric: 'characters handed to VS Code ÷ final document',
        value: ratio,
        shown: `${fmtNum(ratio, 2)}× (${fmtBytes(r.handedChars)} in ${r.refreshes.length} refreshes)`,
        max: 10,
        goalText: '≤ 10×',
      },
      `refreshPolicy's geometric series: a refresh every +${g * 100}% of the size handed last gives about 1 + 1/${g} = ${fmtNum(1 + 1 / g, 1)}× in all, more when LAVA's 5 s upload batches overshoot the step; ${r.refreshes.length - big.length} refreshes below smallChars (${fmtBytes(defaultRefreshPolicy.smallChars)}) every ${defaultRefreshPolicy.smallIntervalMs} ms`,
    ),
    {
      bench: 'document',
      variant,
      metric: 'refreshes (renderLog calls)',
      value: r.refreshes.length,
      shown: `${r.refreshes.length} (${big.length} above ${fmtBytes(defaultRefreshPolicy.smallChars)}), renderLog ${fmtMs(r.renderMs)} in all, ${fmtMs(Math.max(...r.refreshes.map((x) => x.renderMs)))} the longest`,
    },
    {
      bench: 'document',
      variant,
      metric: 'record arrival → refresh showing it, p50 / p95',
      value: p95,
      shown: `${fmtMs(p50)} / ${fmtMs(p95)} (max ${fmtMs(max)})`,
    },
  );
  notes.push(
    `Growing log: ${lines.length} records (the fixtures repeated, LAVA's lava/job result once at the end) produced evenly over ${fmtMs(durationMs)} and uploaded in 5 s batches (test/simulator RestJob), followed in a fresh process by JobFollower + RestSource (default options) whose records feed a JobLog. The document is visible throughout; on each JobLog change it does what jobLogDocuments.ts does (refreshDecision with the default policy: handed = log.size, at = now; on 'now' one renderLog, whose text length is counted as handed to VS Code; on 'later' a timer), and the follow's end (log.finish) gives the final refresh. Arrival = the records reaching the JobLog; the delay is the price of batching (a large document is refreshed only after +${g * 100}%).`,
  );
  return r;
}

async function finished(opts: BenchOptions, rows: Row[], notes: string[]): Promise<Record<string, unknown>> {
  const size = opts.smoke ? 5 * MB : 50 * MB;
  const reps = opts.smoke ? 1 : 3;
  const host = await sharedHost({ kind: 'rest', bytes: size, seed: opts.seed });
  const spec = { url: host.info.url, records: host.info.lines };
  const downloads: OpenResult[] = [];
  const opens: OpenResult[] = [];
  for (let i = 0; i < reps; i++) {
    downloads.push(asOpen(await runDocChild({ mode: 'pages', ...spec })));
    opens.push(asOpen(await runDocChild({ mode: 'open', ...spec })));
  }
  // The same open as VS Code goes through it: the document is visible while the follow reads the
  // finished log page after page, so jobLogDocuments' schedule refreshes it on the way.
  const live = asGrow(await runDocChild({ mode: 'grow', ...spec }));
  const mem = asOpen(await runDocChild({ mode: 'memory', ...spec }));
  for (const o of [...opens, mem])
    if (!o.finished || o.records !== host.info.lines || o.chars !== opens[0].chars)
      throw new Error(
        `document: open ended with ${o.records} of ${host.info.lines} records, a document of ${o.chars} characters (${opens[0].chars} in the first open)`,
      );
  for (const d of downloads)
    if (!d.finished || d.chars !== host.info.logBytes)
      throw new Error(`document: page download got ${d.chars} of ${host.info.logBytes} characters`);

  const variant = `finished REST log, ${fmtBytes(host.info.logBytes)} output.yaml (${host.info.lines} records)`;
  const dl = median(downloads.map((d) => d.ms));
  const op = median(opens.map((o) => o.ms));
  const mid = opens.find((o) => o.ms === op) ?? opens[0];
  const dlCpu = median(downloads.map((d) => d.cpuMs));
  const opCpu = median(opens.map((o) => o.cpuMs));
  const follow = mid.followMs!;
  const render = mid.renderMs!;
  const perRecord = (ms: number) => `${fmtNum((ms * 1000) / host.info.lines, 2)} µs/record`;
  rows.push(
    {
      bench: 'document',
      variant: `${variant}: plain download of the same ${downloads[0].requests} pages`,
      metric: 'time (client CPU)',
      value: dl,
      shown: `${fmtMs(dl)} (CPU ${fmtMs(dlCpu)})`,
    },
    goalRow(
      {
        bench: 'document',
        variant: `${variant}: open = follow into a JobLog + renderLog`,
        metric: 'open time ÷ download time',
        value: op / dl,
        shown: `${fmtNum(op / dl, 2)}× (${fmtMs(op)}: follow ${fmtMs(follow)} + render ${fmtMs(render)})`,
        max: 1.5,
        goalText: '≤ 1.5×',
      },
      `the client's CPU: the follow parses and formats every record (${perRecord(follow - dl)} over the download), then renderLog puts each record's time in front of the body JobLog keeps of it (no parsing or formatting again): ${fmtMs(render)}, ${perRecord(render)}`,
    ),
    {
      bench: 'document',
      variant: `${variant}: open`,
      metric: 'client CPU time ÷ download CPU time',
      value: opCpu / dlCpu,
      shown: `${fmtNum(opCpu / dlCpu, 2)}× (CPU ${fmtMs(opCpu)} vs ${fmtMs(dlCpu)})`,
    },
  );
  if (live.end !== 'finished' || live.records !== host.info.lines || live.unshown !== 0)
    throw new Error(`document: visible open ended ${live.end} with ${live.records} of ${host.info.lines} records`);
  const liveRatio = live.ms / dl;
  rows.push({
    bench: 'document',
    variant: `${variant}: open with the document visible during the follow (jobLogDocuments' refreshes)`,
    metric: 'open time ÷ download time',
    value: liveRatio,
    shown: `${fmtNum(liveRatio, 2)}× (${fmtMs(live.ms)}, CPU ${fmtMs(live.cpuMs)}; ${live.refreshes.length} refreshes handing ${fmtNum(live.handedChars / live.finalChars, 2)}× the document, renderLog ${fmtMs(live.renderMs)})`,
  });
  const m = mem.memory!;
  const heldRatio = m.held / host.info.logBytes;
  rows.push(
    goalRow(
      {
        bench: 'document',
        variant: `${variant}: held by an open document`,
        metric: 'heap + external held ÷ log size',
        value: heldRatio,
        shown: `${fmtNum(heldRatio, 2)}× (${fmtBytes(m.held)}: JobLog ${fmtBytes(m.afterFollow)}, LineMap ${fmtBytes(m.lineMapBytes)}; peak ${fmtBytes(m.peak)})`,
        max: 1.5,
        goalText: '≈ 1× (≤ 1.5×)',
      },
      `JobLog keeps each record's body (its lines without their time: ${fmtBytes(mid.logSize ?? 0)} of characters, a batch's bodies in one string, two bytes a character in a batch with any character beyond Latin-1), 24 bytes of arrays a record, and ActionTree/ProblemCollector's entries: ${fmtBytes(m.held / host.info.lines)} a record in all`,
    ),
  );
  notes.push(
    `Finished log: ${host.info.lines} records in the simulator's own process (simHost), every record visible and the job Finished. Downloads and opens alternate, ${reps}× each, each in a fresh process (documentChild), medians. Download: fetch of logs/?start=N&end=N+${PAGE_SIZE} for every page, body read as text, nothing else. Open: JobFollower + RestSource (default options) whose records feed a JobLog, log.finish, then one renderLog (levels all, time shown): the text VS Code is handed when the document opens. CPU: process.cpuUsage of the measuring process (the simulator's time to answer drops out).`,
    `Memory: the same open in a fresh node --expose-gc process; baseline after gc() before the follow; "held" after gc() with the rendered text dropped (VS Code has it; the extension keeps the JobLog and the document's LineMap), ÷ the output.yaml size; peak sampled every 5 ms and at each answer.`,
  );
  return { downloads, opens, visibleOpen: live, memory: mem, host: host.info };
}

/**
 * The board's colours (issue 24): a 50 MB log of coloured console lines (systemd's OK, PASS/FAIL,
 * 256 and true colours, LAVA 2023.01's ESC-less form and the ESC form) taken into a JobLog, rendered,
 * then coloured as jobLogColours.ts does: one colourRanges pass per window of ±300 lines around a
 * screenful, across the whole document. The longest pass is the step the extension host waits for.
 */
export function coloured(opts: BenchOptions, rows: Row[], notes: string[]): Record<string, unknown> {
  const target = opts.smoke ? 5 * MB : 50 * MB;
  const kinds = [
    (i: number) => `[[0;32m  OK  [0m] Started unit-${i}.service - Unit ${i}.`,
    (i: number) => `test case ${i}: [1;31mFAIL[0m (exit 1) and [1;32mPASS[0m`,
    (i: number) => `\x1b[38;5;${i % 256}mcolour ${i}\x1b[0m \x1b[48;2;${i % 256};10;20mtrue\x1b[0m plain text after it`,
    (i: number) => `[    ${(i / 1000).toFixed(6)}] kernel: plain line without colour number ${i}`,
  ];
  const log = new JobLog();
  let chars = 0;
  let index = 0;
  const ingestStart = performance.now();
  while (chars < target) {
    const batch = [];
    for (let k = 0; k < 1000; k++, index++) {
      const msg = kinds[index % kinds.length](index);
      chars += msg.length + 60; // about what output.yaml holds around it
      batch.push({ index, record: { dt: '2026-12-08T03:00:00.000000', lvl: 'target', msg } });
    }
    log.addLines(batch);
  }
  const ingestMs = performance.now() - ingestStart;
  const lines = new LineMap(log.recordCount);
  const renderStart = performance.now();
  const text = log.render({ time: 'utc' }, lines);
  const renderMs = performance.now() - renderStart;
  const docLines = text.split('\n');
  let longest = 0;
  let passes = 0;
  const times: number[] = [];
  let ranges = 0;
  for (let top = 0; top < docLines.length; top += 600) {
    const t = performance.now();
    ranges += colourRanges(log, lines, Math.max(0, top - 300), top + 60 + 300, (l) => docLines[l]).length;
    times.push(performance.now() - t);
    longest = Math.max(longest, times[times.length - 1]);
    passes++;
  }
  const variant = `coloured REST log, ${fmtBytes(chars)} output.yaml (${log.recordCount} records, ${log.styles.size} styles)`;
  rows.push(
    {
      bench: 'document',
      variant,
      metric: 'JobLog ingest / renderLog',
      value: ingestMs,
      shown: `${fmtMs(ingestMs)} / ${fmtMs(renderMs)}`,
    },
    goalRow(
      {
        bench: 'document',
        variant,
        metric: 'longest colour pass (a window of ±300 lines)',
        value: longest,
        shown: `${fmtMs(longest)} (median ${fmtMs(median(times))}; ${passes} passes, ${ranges} ranges)`,
        max: 50,
        goalText: '≤ 50 ms',
      },
      'colourRanges walks the records of its window only',
    ),
  );
  notes.push(
    `Coloured log: console lines in four shapes (systemd OK and PASS/FAIL in LAVA 2023.01's ESC-less form, 256 and true colours with ESC, a plain kernel line), taken into a JobLog in batches of 1000 (the styled ranges read then, ansiStyles.ts), rendered once, then coloured window by window as jobLogColours.ts does.`,
  );
  return { ingestMs, renderMs, longest, medianMs: median(times), passes, ranges };
}

export async function documentBench(opts: BenchOptions): Promise<BenchResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const grow = await growing(opts, rows, notes);
  const open = await finished(opts, rows, notes);
  const colours = coloured(opts, rows, notes);
  return { name: 'document', title: '7. The job log as an editor document', rows, notes, details: { grow, open, colours } };
}
