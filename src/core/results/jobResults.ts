/**
 * "Compare with Previous Run" in one call: find the previous run, read its results, compare.
 * The tests list is read by the caller's `readCases` (protocols/rest/testResults.ts `fetchTestCases`):
 * this folder stays below the protocols (scripts/check-cycles.mjs).
 */
import type { TestCase } from '../model/job';
import type { CaseComparison, CaseResult } from '../model/results';
import { CaseResults } from './caseResults';
import { compareResults, CompareOptions } from './compare';
import { findPreviousRun, PreviousRunDeps, RunKey } from './previousRun';

/** LAVA's tests list of a job: `(id) => fetchTestCases(serverUrl, id, deps)`. */
export type ReadCases = (jobId: string) => Promise<{ cases: TestCase[]; complete: boolean }>;

/** A job's test cases from LAVA's tests list alone (a job not followed): a CaseResults already reconciled. */
export async function readJobResults(jobId: string, readCases: ReadCases): Promise<CaseResults> {
  const { cases, complete } = await readCases(jobId);
  const results = new CaseResults();
  results.reconcile(cases, complete);
  return results;
}

export interface PreviousRunComparison {
  /** The previous run's id. */
  previousId: string;
  comparisons: CaseComparison[];
  /** False when either list was longer than what was read. */
  complete: boolean;
}

/**
 * `job`'s cases (`after`, e.g. its JobLog's `results`) compared with its previous run's; undefined
 * when it has none (previousRun.ts).
 */
export async function compareWithPreviousRun(
  serverUrl: string,
  job: RunKey,
  after: { cases: readonly CaseResult[]; complete: boolean },
  deps: PreviousRunDeps,
  readCases: ReadCases,
  opts?: CompareOptions,
): Promise<PreviousRunComparison | undefined> {
  const previousId = await findPreviousRun(serverUrl, job, deps);
  if (previousId === undefined) return undefined;
  const before = await readJobResults(previousId, readCases);
  return { previousId, comparisons: compareResults(before.cases, after.cases, opts), complete: before.complete && after.complete };
}
