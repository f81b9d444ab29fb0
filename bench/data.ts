// Benchmark data: LAVA log records made from the real fixtures (test/simulator/data, captured from
// LAVA 2023.01), repeated with variations, and the plain-text console log they make.
import { formatRecord } from '../src/core/log/format';
import { parseRecordLine } from '../src/core/log/records';
import { loadOutputYaml } from '../test/simulator/fixtures';
import { mulberry32 } from '../test/simulator/growingLog';

let fixtures: string[] | undefined;

/** Every record line of the three captured jobs (complete, incomplete, canceled): 1761 lines. */
export function fixtureLines(): string[] {
  fixtures ??= [...loadOutputYaml('complete'), ...loadOutputYaml('incomplete'), ...loadOutputYaml('canceled')];
  return fixtures;
}

const DT = /^- \{"dt": "[^"]*"/;
const START_US = Date.UTC(2026, 10, 29, 0, 0, 0) * 1000;

function lavaDt(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(us % 1e6).padStart(6, '0')}`;
}

/**
 * An endless stream of LAVA output.yaml lines: the fixture records in order, over and over, each
 * with a new increasing `dt` and, for half of the string messages, a varying suffix.
 */
export function* recordLines(seed: number): Generator<string> {
  const rnd = mulberry32(seed);
  const src = fixtureLines();
  let us = START_US;
  for (let rep = 0; ; rep++) {
    for (let i = 0; i < src.length; i++) {
      us += 1 + Math.floor(rnd() * 20000);
      let line = src[i].replace(DT, `- {"dt": "${lavaDt(us)}"`);
      // `..."}` at the end: the last value is a double-quoted string (msg or ns); vary it.
      if (line.endsWith('"}') && rnd() < 0.5) line = `${line.slice(0, -2)} (${rep}.${i})"}`;
      yield line;
    }
  }
}

/** The console text of a record line, as the extension shows it (with time). */
export function textOf(record: string): string {
  return formatRecord(parseRecordLine(record), { time: 'utc' });
}

/** Record lines until their output.yaml size (with '\n') reaches `bytes`. */
export function recordsOfSize(bytes: number, seed: number): { lines: string[]; bytes: number } {
  const lines: string[] = [];
  let size = 0;
  for (const line of recordLines(seed)) {
    if (size >= bytes) break;
    lines.push(line);
    size += Buffer.byteLength(line, 'utf8') + 1;
  }
  return { lines, bytes: size };
}

/** A plain-text console log (the records' text) of at least `bytes` bytes, and its line count. */
export function textLogOfSize(bytes: number, seed: number): { log: Buffer; lines: number } {
  const parts: string[] = [];
  let size = 0;
  let lines = 0;
  for (const line of recordLines(seed)) {
    if (size >= bytes) break;
    const text = textOf(line);
    parts.push(text);
    size += Buffer.byteLength(text, 'utf8');
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  }
  return { log: Buffer.from(parts.join(''), 'utf8'), lines };
}

/**
 * `count` records whose text is exactly one line (so a delivered '\n' is a delivered record),
 * with the text of each.
 */
export function singleLineRecords(count: number, seed: number): { records: string[]; texts: string[] } {
  const records: string[] = [];
  const texts: string[] = [];
  for (const line of recordLines(seed)) {
    if (records.length >= count) break;
    const text = textOf(line);
    if (text.indexOf('\n') !== text.length - 1) continue;
    records.push(line);
    texts.push(text);
  }
  return { records, texts };
}

/** LAVA's own `lava/job` result: the last record of a job (RestSource waits for the job's end after it). */
const LAVA_JOB = /"case": "job", "definition": "lava"/;

/**
 * Record lines until their output.yaml size reaches `bytes`, with LAVA's `lava/job` result only
 * once, at the end (the fixtures repeated would otherwise end the job every 1761 records).
 */
export function growingRecords(bytes: number, seed: number): { lines: string[]; bytes: number } {
  const lines: string[] = [];
  let size = 0;
  for (const line of recordLines(seed)) {
    if (size >= bytes) break;
    if (LAVA_JOB.test(line)) continue;
    lines.push(line);
    size += Buffer.byteLength(line, 'utf8') + 1;
  }
  const last = loadOutputYaml('complete').find((l) => LAVA_JOB.test(l))!;
  lines.push(last);
  return { lines, bytes: size + Buffer.byteLength(last, 'utf8') + 1 };
}
