/**
 * A job whose console prints colours (issue 24, the board's colours): as LAVA 2023.01 logs them
 * (its ShellLogger drops the ESC byte: `[32mgreen[0m`) and with the ESC kept (`\e` in the record's
 * YAML: a later LAVA or another source), a systemd line, and a line with thousands of colours.
 */
import type { LavaSimulator } from './server';

/** The records of output.yaml (one line each). */
export function colourRecords(opts: { hostileColours?: number } = {}): string[] {
  const dt = (s: number) => `2026-12-08T03:00:${String(s).padStart(2, '0')}.000000`;
  const line = (s: number, lvl: string, msg: string) => `- {"dt": "${dt(s)}", "lvl": "${lvl}", "msg": "${msg}"}`;
  const out = [
    line(0, 'info', 'start: 1 lava-test-interactive (timeout 00:01:00) [common]'),
    line(1, 'target', '[32mgreen[0m'),
    line(2, 'target', '\\e[32mgreen\\e[0m with ESC'),
    line(3, 'target', '[[0;32m  OK  [0m] Started Journal Service.'),
    line(4, 'target', 'test: [1;31mFAIL[0m and [1;32mPASS[0m'),
  ];
  if (opts.hostileColours) {
    let msg = '';
    for (let i = 0; i < opts.hostileColours; i++) msg += `\\e[38;2;${i % 256};${(i >> 8) % 256};9mx`;
    out.push(line(5, 'target', msg));
  }
  out.push(line(6, 'info', 'end: 1 lava-test-interactive (duration 00:00:06) [common]'));
  return out;
}

/** Adds the colour job to a simulator, served at once. */
export function addColourJob(sim: LavaSimulator, id: string, opts: { hostileColours?: number } = {}): void {
  sim.addRestJob({ id, records: colourRecords(opts), health: 'Complete', batchIntervalMs: 0, linesPerSecond: 100000, finishDelayMs: 0 });
}
