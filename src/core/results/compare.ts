/**
 * What changed between two runs of a job, case by case (`Compare with Previous Run`). Cases are
 * matched by suite, name and occurrence (the second `file-download` of one run with the second of
 * the other). LAVA's own `lava` suite is compared like the others; `isLavaSuite` lets a view sort it apart.
 */
import type { CaseChange, CaseComparison, CaseResult } from '../model/results';
import { CaseIndex, LAVA_SUITE } from './caseResults';

export interface CompareOptions {
  /** A measurement moved when |after - before| > threshold × |before| (relative; default 0.1). */
  measurementThreshold?: number;
}

/** The order comparisons come in: what needs a look first. */
export const CHANGE_ORDER: readonly CaseChange[] = [
  'newly-failing',
  'still-failing',
  'new',
  'gone',
  'measurement-moved',
  'newly-passing',
  'unchanged',
];

/**
 * Case by case, how `after` differs from `before`: every case of either run once, the user's suites
 * before LAVA's own, in `after`'s order (a gone case where it stood in `before`, after the others).
 */
export function compareResults(before: readonly CaseResult[], after: readonly CaseResult[], opts: CompareOptions = {}): CaseComparison[] {
  const threshold = opts.measurementThreshold ?? 0.1;
  const earlier = new CaseIndex(before);
  const out: CaseComparison[] = [];
  for (const now of after) {
    const then = earlier.take(now.suite, now.name);
    out.push(
      then
        ? { suite: now.suite, name: now.name, change: changeOf(then, now, threshold), before: then, after: now }
        : { suite: now.suite, name: now.name, change: 'new', after: now },
    );
  }
  for (const then of earlier.rest()) out.push({ suite: then.suite, name: then.name, change: 'gone', before: then });
  // Stable: user suites first, then LAVA's, each in run order.
  return out
    .map((c, i) => ({ c, i }))
    .sort((a, b) => Number(isLavaSuite(a.c.suite)) - Number(isLavaSuite(b.c.suite)) || a.i - b.i)
    .map(({ c }) => c);
}

/** LAVA's own suite (validate, file-download, job…), shown apart from the user's. */
export function isLavaSuite(suite: string): boolean {
  return suite === LAVA_SUITE;
}

function changeOf(then: CaseResult, now: CaseResult, threshold: number): CaseChange {
  const failedThen = then.outcome === 'fail';
  const failsNow = now.outcome === 'fail';
  if (failsNow) return failedThen ? 'still-failing' : 'newly-failing';
  if (failedThen && now.outcome === 'pass') return 'newly-passing';
  if (measurementMoved(then, now, threshold)) return 'measurement-moved';
  return 'unchanged';
}

/**
 * Both runs measured the case in the same unit and the value moved by more than `threshold` of the
 * earlier one (from 0: any change). A measurement that is not a number is compared as text.
 */
export function measurementMoved(then: CaseResult, now: CaseResult, threshold: number): boolean {
  if (then.measurement === undefined || now.measurement === undefined) return false;
  if ((then.unit ?? '') !== (now.unit ?? '')) return true;
  const a = Number(then.measurement);
  const b = Number(now.measurement);
  if (!Number.isFinite(a) || !Number.isFinite(b) || then.measurement.trim() === '' || now.measurement.trim() === '') {
    return then.measurement !== now.measurement;
  }
  if (a === 0) return b !== 0;
  return Math.abs(b - a) > threshold * Math.abs(a);
}
