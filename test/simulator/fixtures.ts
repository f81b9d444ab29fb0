// Where the captured LAVA data lives.
//
// `FIXTURES_DIR` is the full capture (`../shared/lava-fixtures` next to the repo,
// or $LAVA_FIXTURES); it may be missing on a clean CI clone.  The few files the
// simulator needs are copied (unchanged) into `test/simulator/data/`, which is
// committed, so the simulator never depends on FIXTURES_DIR.
import * as fs from 'fs';
import * as path from 'path';

/** The folder holding package.json, found by walking up from this file (src or out/). */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
}

export const FIXTURES_DIR: string = process.env.LAVA_FIXTURES || path.resolve(repoRoot(), '..', 'shared', 'lava-fixtures');

/** Committed copies of the fixture files the simulator uses (same relative names). */
export const DATA_DIR: string = path.join(repoRoot(), 'test', 'simulator', 'data');

export type RunName = 'complete' | 'incomplete' | 'canceled';

/** Reads `data/<rel>` (a copy of `<FIXTURES_DIR>/<rel>`) as bytes. */
export function readData(rel: string): Buffer {
  return fs.readFileSync(path.join(DATA_DIR, rel));
}

/** The lines of `<run>/output.yaml` (one log entry per line, without the '\n'). */
export function loadOutputYaml(run: RunName): string[] {
  const text = readData(`${run}/output.yaml`).toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A job JSON captured from real LAVA (as superuser: has the `token` field). */
export function loadJobTemplate(run: RunName): Record<string, unknown> {
  return JSON.parse(readData(`${run}/job-Running.json`).toString('utf8')) as Record<string, unknown>;
}
