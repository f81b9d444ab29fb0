import type { CaseComparison, CaseResult } from '../model/results';

export interface CompareOptions {
  /** A measurement moved when |after - before| > threshold × |before| (relative; default 0.1). */
  measurementThreshold?: number;
}

/** Case by case, how `after` differs from `before` (cases matched by suite, name and occurrence). */
export function compareResults(before: readonly CaseResult[], after: readonly CaseResult[], opts: CompareOptions = {}): CaseComparison[] {
  void before;
  void after;
  void opts;
  return []; // TODO
}
