// 5. Parser: records per second of the LAVA record parser (src/core/log/records.ts) next to the
// `yaml` library reading the same output.yaml text (100 k fixture records repeated with
// variations), with a record-by-record check that both give identical values.
import { isDeepStrictEqual } from 'util';
import { parse } from 'yaml';
import { parseRecordLine, parseRecords } from '../src/core/log/records';
import { BenchOptions, BenchResult, fmtBytes, fmtMs, fmtNum, fmtRate, goalRowMin, median, Row } from './common';
import { recordLines } from './data';

function take(n: number, seed: number): string[] {
  const out: string[] = [];
  for (const line of recordLines(seed)) {
    if (out.length >= n) break;
    out.push(line);
  }
  return out;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export async function parserBench(opts: BenchOptions): Promise<BenchResult> {
  const n = opts.smoke ? 5000 : 100000;
  const lines = take(n, opts.seed);
  const body = lines.join('\n') + '\n';
  const oursReps = opts.smoke ? 3 : 5;
  const yamlReps = 1;

  // Warm up both (JIT) on a slice, then time the whole text.
  const warm = lines.slice(0, 2000).join('\n') + '\n';
  parseRecords(warm);
  parse(warm);

  const ours = Array.from({ length: oursReps }, () => time(() => parseRecords(body).records));
  const yamlRuns = Array.from({ length: yamlReps }, () => time(() => parse(body) as unknown[]));
  const oursMs = median(ours.map((r) => r.ms));
  const yamlMs = median(yamlRuns.map((r) => r.ms));
  // The other way a client could use the library: one parse() per line (what records.ts falls back to).
  const perLineCount = Math.min(n, opts.smoke ? 2000 : 20000);
  const perLine = time(() => lines.slice(0, perLineCount).map((l) => (parse(l) as unknown[])[0]));

  const a = ours[0].value;
  const b = yamlRuns[0].value;
  let mismatches = 0;
  let firstMismatch: string | undefined;
  if (a.length !== b.length) {
    mismatches = Math.abs(a.length - b.length);
    firstMismatch = `${a.length} records vs ${b.length}`;
  }
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (!isDeepStrictEqual({ ...a[i] }, b[i])) {
      mismatches++;
      firstMismatch ??= `line ${i}: ${lines[i].slice(0, 120)}`;
    }
  }
  // Also the single-line entry point on every line.
  for (let i = 0; i < perLine.value.length; i++) {
    if (!isDeepStrictEqual({ ...parseRecordLine(lines[i]) }, perLine.value[i])) {
      mismatches++;
      firstMismatch ??= `parseRecordLine, line ${i}: ${lines[i].slice(0, 120)}`;
    }
  }

  const oursRate = n / (oursMs / 1000);
  const yamlRate = n / (yamlMs / 1000);
  const perLineRate = perLineCount / (perLine.ms / 1000);
  const speedup = oursRate / yamlRate;
  const rows: Row[] = [
    {
      bench: 'parser',
      variant: 'yaml library: parse(whole text)',
      metric: 'records per second',
      value: yamlRate,
      shown: `${fmtRate(yamlRate)} (${fmtMs(yamlMs)})`,
    },
    {
      bench: 'parser',
      variant: 'yaml library: parse(line) per line',
      metric: 'records per second',
      value: perLineRate,
      shown: `${fmtRate(perLineRate)} (${perLineCount} lines in ${fmtMs(perLine.ms)})`,
    },
    {
      bench: 'parser',
      variant: 'ours: parseRecords(whole text)',
      metric: 'records per second',
      value: oursRate,
      shown: `${fmtRate(oursRate)} (${fmtMs(oursMs)})`,
    },
    goalRowMin(
      {
        bench: 'parser',
        variant: 'ours vs yaml library',
        metric: 'speed-up',
        value: speedup,
        shown: `${fmtNum(speedup, 1)}×`,
        min: 10,
        goalText: '≥ 10×',
      },
      'the lines the fast path gives to the yaml library (see records.ts) and string building in double-quoted scalars',
    ),
    {
      bench: 'parser',
      variant: 'ours vs yaml library',
      metric: 'identical records',
      value: mismatches,
      shown: mismatches === 0 ? `yes (${n} + ${perLineCount} compared)` : `NO: ${mismatches} differ, first: ${firstMismatch}`,
      goal: '0 differences',
      met: mismatches === 0,
      boundedBy: mismatches === 0 ? undefined : 'a parser bug: the fast path must equal yaml on every line it accepts',
    },
  ];
  return {
    name: 'parser',
    title: `5. Parser (${n} records, ${fmtBytes(Buffer.byteLength(body))} of output.yaml)`,
    rows,
    notes: [
      `Median of ${oursReps} runs (ours), ${yamlReps} run (yaml whole text), after a warm-up; records are the captured fixture jobs repeated with new dt values and varied messages.`,
    ],
    details: {
      records: n,
      bytes: Buffer.byteLength(body),
      oursMs: ours.map((r) => r.ms),
      yamlMs: yamlRuns.map((r) => r.ms),
      perLine: { count: perLineCount, ms: perLine.ms },
      mismatches,
      firstMismatch,
    },
  };
}
