import { demoLog } from './demoLog';
import { loadOutputYaml } from './fixtures';
import type { LavaSimulator, OnDemandOptions } from './server';

export interface DemoJob {
  id: string;
  api: 'rest' | 'log-tail';
  health?: string;
}

/**
 * The demo's jobs, each running about two minutes: REST 1 (Complete), REST 2 (Incomplete),
 * log-tail 101. Each starts when it is first asked for, and runs again when it is followed
 * after it ended (LavaSimulator.runOnDemand), so VS Code opened minutes later still sees it live.
 */
export function addDemoJobs(sim: LavaSimulator, opts: OnDemandOptions = {}): DemoJob[] {
  // Job 1: the real 'complete' log (54 s of dt) stretched to ~2 minutes.
  sim.addRestJob({
    id: '1',
    records: loadOutputYaml('complete'),
    health: 'Complete',
    submittedMs: 3000,
    timeScale: 0.45,
    finishDelayMs: 8000,
  });
  sim.addRestJob({ id: '2', records: loadOutputYaml('incomplete'), health: 'Incomplete', submittedMs: 5000, finishDelayMs: 8000 });
  // Job 101: ~2 minutes of log-tail (~72 KB, ~60 bytes per 100 ms step).
  sim.addLogTailJob({ id: '101', log: demoLog(), chunk: { min: 10, max: 110 }, intervalMs: 100, seed: 101, autoStart: false });
  for (const id of ['1', '2', '101']) sim.runOnDemand(id, opts);
  return [
    { id: '1', api: 'rest', health: 'Complete' },
    { id: '2', api: 'rest', health: 'Incomplete' },
    { id: '101', api: 'log-tail' },
  ];
}
