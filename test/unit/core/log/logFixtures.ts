// Shared helpers for the log-document model tests: the real LAVA logs and tiny synthetic records.
import * as fs from 'fs';
import * as path from 'path';
import { LogRecord, parseRecords } from '../../../../src/core/log/records';
import { DATA_DIR } from '../../../simulator/fixtures';

export const JOBS = ['complete', 'incomplete', 'canceled'] as const;
export type Job = (typeof JOBS)[number];

/** The raw lines of a real output.yaml (one record each) and its records. */
export function loadJob(job: Job): { lines: string[]; records: LogRecord[] } {
  const text = fs.readFileSync(path.join(DATA_DIR, job, 'output.yaml'), 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const { records, rest } = parseRecords(text);
  if (rest !== '' || records.length !== lines.length) throw new Error(`${job}: records do not match lines`);
  return { lines, records };
}

let tick = 0;

/** A record with a made-up, increasing timestamp. */
export function rec(lvl: string, msg: LogRecord['msg'], ns?: string): LogRecord {
  tick++;
  const s = tick % 60;
  const m = Math.floor(tick / 60) % 60;
  const dt = `2026-01-01T10:${m < 10 ? '0' + m : m}:${s < 10 ? '0' + s : s}.000000`;
  return ns === undefined ? { dt, lvl, msg } : { dt, lvl, msg, ns };
}
