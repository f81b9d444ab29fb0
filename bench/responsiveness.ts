// 9. Responsiveness: the longest event-loop stall while the extension's real code paths read hostile
// YAML (issue 19, hole 1): a 0.5 MB job definition with 40 000 metadata keys through readDefinition,
// checkDefinition (submit, validate), the job-definition look (CodeLens, picker, validate-on-save) and
// a job's stored definition read over REST (Follow Job's MultiNode look, loopback server); a 419 kB
// log line and a block-style item that miss the fast record parser; then the slowest texts the caps
// still accept. The stall is measured two ways: perf_hooks' monitorEventLoopDelay (max and p99 of the
// loop's delay, 1 ms resolution) and the longest single synchronous step, timed around each call.
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parse } from 'yaml';
import { MAX_FALLBACK_ITEMS, parseBlockItem, parseRecordLine } from '../src/core/log/records';
import { MAX_DEFINITION_ITEMS, readDefinition } from '../src/core/submit/definition';
import { subJobsOf } from '../src/core/submit/jobActions';
import { checkDefinition, looksLikeJobDefinition } from '../src/core/submit/jobLoop';
import { HEAD, manyKeysDefinition as manyKeys, manyKeysLine } from '../test/fixtures/hostileYaml';
import { BenchOptions, BenchResult, fmtMs, goalRow, Row } from './common';

/** The slowest shape measured for the library (a flow sequence of one-digit numbers), of `n` items. */
function flowSequence(prefix: string, n: number): string {
  return `${prefix}[${'1,'.repeat(n)}]`;
}

function serveJob(definition: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ id: 7, definition, state: 'Running', health: 'Unknown' }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Stalls {
  maxMs: number;
  p99Ms: number;
  longestStepMs: number;
  longestStep: string;
}

/** Runs the steps one event-loop turn apart, measuring the loop's delay and each synchronous step. */
async function measure(steps: [string, () => unknown | Promise<unknown>][], reps: number): Promise<Stalls> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  let longestStepMs = 0;
  let longestStep = '';
  h.enable();
  for (let r = 0; r < reps; r++) {
    for (const [name, step] of steps) {
      await turn();
      const t0 = performance.now();
      const out = step();
      const ms = performance.now() - t0; // the synchronous part (an async step's first turn)
      if (ms > longestStepMs) [longestStepMs, longestStep] = [ms, name];
      await out;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
  h.disable();
  // The histogram samples the loop's delay; a step longer than its last sample is the stall too.
  return { maxMs: Math.max(h.max / 1e6, longestStepMs), p99Ms: h.percentile(99) / 1e6, longestStepMs, longestStep };
}

export async function responsivenessBench(opts: BenchOptions): Promise<BenchResult> {
  const big = manyKeys(40_000);
  const line = manyKeysLine(40_000);
  const block = `- dt: '2023'\n  lvl: info\n  msg:\n${'    k: v\n'.repeat(50_000)}`;
  const server = await serveJob(big);
  const reps = opts.smoke ? 1 : 5;
  const deps = { fetch: globalThis.fetch.bind(globalThis), timeoutMs: 10_000 };
  let hostile: Stalls;
  let accepted: Stalls;
  try {
    // Warm-up: the library loaded and compiled, the HTTP client's first request made.
    readDefinition(manyKeys(100));
    parseRecordLine(manyKeysLine(100));
    await subJobsOf(server.url, '7', deps);
    hostile = await measure(
      [
        ['readDefinition (0.5 MB, 40 000 keys)', () => readDefinition(big)],
        ['checkDefinition (submit / validate)', () => checkDefinition(big)],
        ['looksLikeJobDefinition (CodeLens, picker, validate-on-save)', () => looksLikeJobDefinition(big)],
        ["a job's stored definition over REST (Follow Job)", () => subJobsOf(server.url, '7', deps)],
        ['parseRecordLine (419 kB line of plain keys)', () => parseRecordLine(line)],
        ['parseBlockItem (0.4 MB block item)', () => parseBlockItem(block)],
      ],
      reps,
    );
    // What the caps still let through, at its slowest: a definition and a log line just under their caps.
    const defAtCap = flowSequence(`${HEAD}metadata:\n  list: `, MAX_DEFINITION_ITEMS - 40);
    const lineAtCap = `${flowSequence('- {lvl: info, dt: x, msg: ', MAX_FALLBACK_ITEMS - 20)}}`;
    if (readDefinition(defAtCap).refused) throw new Error('the definition at the cap was refused: the bench measures nothing');
    if (parseRecordLine(lineAtCap).lvl !== 'info') throw new Error('the line at the cap was not read: the bench measures nothing');
    accepted = await measure(
      [
        ['readDefinition (a flow sequence at the item cap)', () => readDefinition(defAtCap)],
        ['parseRecordLine (a flow sequence at the item cap)', () => parseRecordLine(lineAtCap)],
      ],
      reps,
    );
  } finally {
    await server.close();
  }
  // The library as it was called before (its duplicate-key check on): one parse, the stall it was.
  const refKeys = opts.smoke ? 4_000 : 40_000;
  const ref = manyKeys(refKeys);
  const t0 = performance.now();
  parse(ref, { version: '1.1' });
  const refMs = performance.now() - t0;

  const bound =
    'the yaml library reads ~0.5-1 MB/s (1-3 µs a character at worst) on this machine: the caps set how long one parse may hold the thread';
  const rows: Row[] = [
    goalRow(
      {
        bench: 'responsiveness',
        variant: 'reading a hostile 0.5 MB YAML',
        metric: 'longest event-loop stall',
        value: hostile.maxMs,
        shown: fmtMs(hostile.maxMs),
        max: 100,
        goalText: '≤ 100 ms',
      },
      `${bound}; longest step: ${hostile.longestStep} (${fmtMs(hostile.longestStepMs)})`,
    ),
    {
      bench: 'responsiveness',
      variant: 'reading a hostile 0.5 MB YAML',
      metric: 'event-loop delay p99',
      value: hostile.p99Ms,
      shown: fmtMs(hostile.p99Ms),
    },
    {
      bench: 'responsiveness',
      variant: 'reading a hostile 0.5 MB YAML',
      metric: 'longest synchronous step',
      value: hostile.longestStepMs,
      shown: `${fmtMs(hostile.longestStepMs)} (${hostile.longestStep})`,
    },
    goalRow(
      {
        bench: 'responsiveness',
        variant: 'the slowest YAML the caps accept (definition, log line)',
        metric: 'longest event-loop stall',
        value: accepted.maxMs,
        shown: fmtMs(accepted.maxMs),
        max: 100,
        goalText: '≤ 100 ms',
      },
      `${bound}; longest step: ${accepted.longestStep} (${fmtMs(accepted.longestStepMs)})`,
    ),
    {
      bench: 'responsiveness',
      variant: 'the slowest YAML the caps accept (definition, log line)',
      metric: 'event-loop delay p99',
      value: accepted.p99Ms,
      shown: fmtMs(accepted.p99Ms),
    },
    {
      bench: 'responsiveness',
      variant: `before: the yaml library with its duplicate-key check (${refKeys} keys, ${Math.round(ref.length / 1024)} KB)`,
      metric: 'one parse (the stall it was)',
      value: refMs,
      shown: fmtMs(refMs),
    },
  ];
  return {
    name: 'responsiveness',
    title: 'Responsiveness (hostile YAML through the real code paths)',
    rows,
    notes: [
      'Longest event-loop stall: perf_hooks monitorEventLoopDelay (1 ms resolution) over the whole run, steps one turn apart; the longest synchronous step is timed around each call.',
      `Hostile inputs: a ${Math.round(big.length / 1024)} KB definition with 40 000 metadata keys (readDefinition, checkDefinition, looksLikeJobDefinition, a job's definition over REST), a ${Math.round(line.length / 1024)} KB log line and a ${Math.round(block.length / 1024)} KB block item that miss the fast parser.`,
      'Accepted at worst: a definition and a log line of the slowest shape measured (a flow sequence of one-digit numbers) just under their caps.',
    ],
    details: { hostile, accepted, refMs, refKeys, reps },
  };
}
