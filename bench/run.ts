// npm run bench [-- --smoke] [-- --real] [-- --only wire,parser] [-- --seed N]
//
// Runs every benchmark, prints one table (and what bounds each missed goal), writes
// bench/results.json.  --smoke: tiny sizes and durations (CI: checks that everything runs and
// produces numbers; the numbers themselves mean little).  --real: adds the latency on a real LAVA
// job (../shared/real-lava), skipped with a note when there is none.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { authoringBench } from './authoring';
import { Bench, BenchOptions, BenchResult, machine, machineLine, repoRoot, Row } from './common';
import { documentBench } from './document';
import { extensionBench } from './extension';
import { latencyBench } from './latency';
import { lavaViewBench } from './lavaView';
import { manyBench } from './many';
import { memoryBench } from './memory';
import { parserBench } from './parser';
import { responsivenessBench } from './responsiveness';
import { resultsBench } from './results';
import { closeSharedHosts } from './simHost';
import { throughputBench } from './throughput';
import { wireBench } from './wire';

const BENCHES: Record<string, Bench> = {
  wire: wireBench,
  throughput: throughputBench,
  memory: memoryBench,
  latency: latencyBench,
  parser: parserBench,
  responsiveness: responsivenessBench,
  extension: extensionBench,
  document: documentBench,
  many: manyBench,
  lavaView: lavaViewBench,
  results: resultsBench,
  authoring: authoringBench,
};
const ORDER = [
  'wire',
  'throughput',
  'memory',
  'latency',
  'parser',
  'responsiveness',
  'extension',
  'document',
  'many',
  'lavaView',
  'results',
  'authoring',
];

function parseArgs(argv: string[]): BenchOptions {
  const opts: BenchOptions = { smoke: false, real: false, only: [], seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--smoke') opts.smoke = true;
    else if (a === '--real') opts.real = true;
    else if (a === '--only') opts.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        'usage: npm run bench -- [--smoke] [--real] [--only wire,throughput,memory,latency,parser,responsiveness,extension,document,many,lavaView,results,authoring] [--seed N]\n',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const name of opts.only) if (!BENCHES[name]) throw new Error(`unknown benchmark ${name} (have: ${ORDER.join(', ')})`);
  if (!Number.isInteger(opts.seed)) throw new Error('--seed needs an integer');
  return opts;
}

function status(r: Row): string {
  return r.met === undefined ? '' : r.met ? 'ok' : 'MISSED';
}

function textTable(rows: Row[]): string {
  const head = ['benchmark', 'variant', 'metric', 'value', 'goal', ''];
  const cells = rows.map((r) => [r.bench, r.variant, r.metric, r.shown, r.goal ?? '', status(r)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

function markdownTable(rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = ['| benchmark | variant | metric | value | goal | |', '|---|---|---|---|---|---|'];
  for (const r of rows)
    out.push(
      `| ${[r.bench, r.variant, r.metric, r.shown, r.goal ?? '', r.met === undefined ? '' : r.met ? '✅' : '❌'].map(esc).join(' | ')} |`,
    );
  return out.join('\n');
}

function missed(rows: Row[]): string[] {
  return rows
    .filter((r) => r.met === false)
    .map((r) => `- ${r.bench} / ${r.variant} / ${r.metric} = ${r.shown} (goal ${r.goal}): bounded by ${r.boundedBy}`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const selected = opts.only.length ? ORDER.filter((n) => opts.only.includes(n)) : ORDER;
  const started = Date.now();
  const mach = machine();
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
  const loadAtStart = load();
  process.stdout.write(
    `LAVA Follow benchmarks${opts.smoke ? ' (--smoke: tiny sizes, numbers only prove it runs)' : ''}\nMachine: ${machineLine(mach)}\nLoad average (1, 5, 15 min): ${loadAtStart}\n`,
  );

  const results: BenchResult[] = [];
  const failures: string[] = [];
  const run = async (name: string) => {
    const t0 = Date.now();
    process.stdout.write(`\n[${name}] running…\n`);
    try {
      const r = await BENCHES[name](opts);
      results.push(r);
      process.stdout.write(`[${name}] done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    } catch (err) {
      failures.push(`${name}: ${(err as Error).stack ?? err}`);
      process.stdout.write(`[${name}] FAILED: ${(err as Error).message}\n`);
    }
  };
  try {
    // Latency and wire only wait on timers and move little data: they run together. The CPU-heavy
    // ones (throughput, memory, parser, extension) then run one at a time, alone.
    const light: string[] = selected.filter((n) => n === 'latency' || n === 'wire');
    await Promise.all(light.map(run));
    for (const name of selected.filter((n) => !light.includes(n))) await run(name);
  } finally {
    await closeSharedHosts();
  }
  results.sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));

  const rows = results.flatMap((r) => r.rows);
  process.stdout.write(`\n${textTable(rows)}\n`);
  const notes = results.flatMap((r) => [`${r.title}:`, ...r.notes.map((n) => `  ${n}`)]);
  process.stdout.write(`\nNotes\n${notes.join('\n')}\n`);
  const miss = missed(rows);
  const loadAtEnd = load();
  process.stdout.write(`\nLoad average at the end: ${loadAtEnd} (other work on the machine slows timing-bound numbers down)\n`);
  process.stdout.write(`\nGoals missed: ${miss.length === 0 ? 'none' : `${miss.length}\n${miss.join('\n')}`}\n`);

  const bad = rows.filter((r) => !Number.isFinite(r.value));
  if (bad.length) failures.push(`no number for: ${bad.map((r) => `${r.bench} / ${r.variant} / ${r.metric}`).join('; ')}`);

  const file = path.join(repoRoot(), 'bench', 'results.json');
  const report = {
    date: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    smoke: opts.smoke,
    seed: opts.seed,
    machine: mach,
    loadAverage: { start: loadAtStart, end: loadAtEnd },
    durationMs: Date.now() - started,
    rows,
    missed: miss,
    markdown: markdownTable(rows),
    results,
    failures,
  };
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(`\nWrote ${path.relative(process.cwd(), file)} (${((Date.now() - started) / 1000).toFixed(0)} s in all)\n`);
  if (failures.length) {
    process.stderr.write(`\nFAILED:\n${failures.join('\n')}\n`);
    process.exitCode = 1;
  }
}

main().then(
  // Idle keep-alive connections and timers would keep the process up for seconds: leave now.
  () => process.exit(process.exitCode ?? 0),
  (err: Error) => {
    process.stderr.write(`${err.stack ?? err}\n`);
    process.exit(1);
  },
);
