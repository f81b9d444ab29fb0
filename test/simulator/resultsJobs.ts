// Jobs for the Testing view and "Compare with Previous Run" (issue 22): a job with many test cases
// (LAVA's `results` records, in the form lava_dispatcher logs them: keys sorted, a user case's
// `measurement` a float and its `units`), and a pair of runs of one description where the second fails
// a case the first passed.
import { loadOutputYaml } from './fixtures';
import type { RestJobOptions } from './restJob';
import type { LavaSimulator } from './server';

/** Suites the many cases are spread over (`1_bulk` … `10_bulk`). */
export const MANY_SUITES = 10;

/** Case `i` of a many-cases job: its suite, name, result, and a measurement on every tenth. */
export function manyCase(i: number): { suite: string; name: string; result: string; measurement?: number; units?: string } {
  const suite = `${(i % MANY_SUITES) + 1}_bulk`;
  const name = `case-${String(i).padStart(5, '0')}`;
  const result = i % 97 === 13 ? 'fail' : i % 89 === 7 ? 'skip' : 'pass';
  return i % 10 === 3 ? { suite, name, result, measurement: (i % 50) + 0.5, units: 'MB/s' } : { suite, name, result };
}

/** One `results` record line, as LAVA writes it (keys sorted). */
function resultLine(dt: string, c: ReturnType<typeof manyCase>): string {
  const measurement =
    c.measurement === undefined ? '' : `, "measurement": ${Number.isInteger(c.measurement) ? c.measurement.toFixed(1) : c.measurement}`;
  const units = c.units === undefined ? '' : `, "units": ${JSON.stringify(c.units)}`;
  return `- {"dt": "${dt}", "lvl": "results", "msg": {"case": ${JSON.stringify(c.name)}, "definition": ${JSON.stringify(c.suite)}${measurement}, "result": ${JSON.stringify(c.result)}${units}}}`;
}

/**
 * output.yaml of a job with `n` more test cases: the captured Complete job, its `n` extra cases
 * (`manyCase(0..n-1)`) logged just before LAVA's final `lava`/`job` result.
 */
export function manyCasesRecords(n: number): string[] {
  const base = loadOutputYaml('complete');
  const at = base.findIndex((l) => l.includes('"lvl": "results"') && l.includes('"case": "job"'));
  const dt = /"dt": "([^"]*)"/.exec(base[at])?.[1] ?? '2026-11-29T01:48:14.820753';
  const extra = Array.from({ length: n }, (_, i) => resultLine(dt, manyCase(i)));
  return [...base.slice(0, at), ...extra, ...base.slice(at)];
}

/** The captured Complete job, with `progress-loop` (suite `0_progress-demo`) failing instead of passing. */
export function progressLoopFailingRecords(): string[] {
  return loadOutputYaml('complete').map((l) =>
    l.includes('"case": "progress-loop"') && l.includes('"lvl": "results"') ? l.replace('"result": "pass"', '"result": "fail"') : l,
  );
}

/** The description the compare pair shares. */
export const COMPARE_DESCRIPTION = 'results compare pair';

/**
 * Two Finished runs of one description and device type: `first` passes every case of the captured
 * Complete job, `second` fails `0_progress-demo`/`progress-loop`. Both finished at once (all lines visible).
 */
export function addComparePair(sim: LavaSimulator, first: string, second: string, opts: Partial<RestJobOptions> = {}): void {
  const common = {
    health: 'Complete' as const,
    description: COMPARE_DESCRIPTION,
    linesPerSecond: 1e9,
    batchIntervalMs: 0,
    finishDelayMs: 0,
    ...opts,
  };
  sim.addRestJob({ ...common, id: first, records: loadOutputYaml('complete') });
  sim.addRestJob({ ...common, id: second, records: progressLoopFailingRecords() });
}

/** A Finished job with the captured Complete job's cases and `n` more (manyCasesRecords). */
export function addManyCasesJob(sim: LavaSimulator, id: string, n: number, opts: Partial<RestJobOptions> = {}): void {
  sim.addRestJob({
    health: 'Complete',
    linesPerSecond: 1e9,
    batchIntervalMs: 0,
    finishDelayMs: 0,
    ...opts,
    id,
    records: manyCasesRecords(n),
  });
}
