// Compare with Previous Run (issue 22), the requests (plain TypeScript, here rather than in core/results: it reads
// REST, and core/results stays below core/protocols): the job's description and device type, its
// previous run (previousRun.ts, unless the user named the job), both jobs' test lists, and the
// comparison (compare.ts). Plain TypeScript: the command and the finish notification call it.
import type { CaseComparison, CaseResult } from '../../core/model/results';
import { httpGet } from '../../core/net/http';
import { parseRestJob } from '../../core/protocols/rest/restJob';
import { restJobUrl } from '../../core/protocols/rest/restUrls';
import { fetchTestCases, ResultsDeps } from '../../core/protocols/rest/testResults';
import { CaseResults } from '../../core/results/caseResults';
import { compareResults } from '../../core/results/compare';
import { findPreviousRun } from '../../core/results/previousRun';

export interface RunComparison {
  /** The job compared with (the previous run, or the one named). */
  before: string;
  after: string;
  comparisons: CaseComparison[];
}

/** A job's test cases over REST, as results (LAVA's list, read page by page with its bounds). */
export async function readResults(
  serverUrl: string,
  jobId: string,
  deps: ResultsDeps,
): Promise<{ cases: readonly CaseResult[]; complete: boolean }> {
  const read = await fetchTestCases(serverUrl, jobId, deps);
  const results = new CaseResults();
  results.reconcile(read.cases, read.complete);
  return { cases: results.cases, complete: read.complete };
}

/**
 * How job `after` differs from `before` (when given) or from its previous run (the latest finished
 * job with the same description and device type); undefined when it has no previous run.
 * `afterCases`: the job's results when the caller has them already (no second read).
 */
export async function compareWithRun(
  serverUrl: string,
  after: string,
  deps: ResultsDeps,
  options: { before?: string; afterCases?: readonly CaseResult[] } = {},
): Promise<RunComparison | undefined> {
  let before = options.before;
  if (before === undefined) {
    const job = parseRestJob((await httpGet(restJobUrl(serverUrl, after), deps)).body);
    before = await findPreviousRun(serverUrl, { id: after, description: job.description, deviceType: job.requested_device_type }, deps);
    if (before === undefined) return undefined;
  }
  const [was, now] = await Promise.all([
    readResults(serverUrl, before, deps),
    options.afterCases ? Promise.resolve({ cases: options.afterCases }) : readResults(serverUrl, after, deps),
  ]);
  return { before, after, comparisons: compareResults(was.cases, now.cases) };
}
