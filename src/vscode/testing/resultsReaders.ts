import type { ResultsDeps } from '../../core/protocols/rest/testResults';
import { compareWithRun, readResults } from './runComparison';
import { comparisonPlainText, comparisonSummary, resultsPlainText } from '../../core/text/resultsText';
import { COMPARE, TESTING } from '../../core/text/testingText';
import { RESULTS } from '../../core/text/uiText';
import { plainLine } from '../../core/untrusted/plainForSurface';
import type { JobFollow } from '../follow/jobFollow';
import type { ResultsReader } from './resultsDocuments';

/** A server's request context for results (its token when one is stored). */
export type ResultsDepsOf = (serverUrl: string) => Promise<ResultsDeps>;

/** What a results document shows: a job's results, or the comparison of two jobs; an error as text. */
export function resultsReader(depsOf: ResultsDepsOf): ResultsReader {
  return async (address) => {
    try {
      const deps = await depsOf(address.serverUrl);
      if (address.before === undefined) {
        const read = await readResults(address.serverUrl, address.jobId, deps);
        return resultsPlainText(RESULTS.title(address.jobId), read.cases, read.complete);
      }
      const found = await compareWithRun(address.serverUrl, address.jobId, deps, { before: address.before });
      return comparisonPlainText(COMPARE.documentTitle(address.before, address.jobId), found?.comparisons ?? []);
    } catch (err) {
      return TESTING.readFailedDocument(plainLine((err as Error).message));
    }
  };
}

/** How long the finish notification waits for its line on the previous run. */
export const SUMMARY_WAIT_MS = 5000;

/** The finish notification's line on what changed since a job's previous run ("Since job 11: 2 new failures."). */
export function sinceLastRun(depsOf: ResultsDepsOf, job: JobFollow, waitMs = SUMMARY_WAIT_MS): () => Promise<string | undefined> {
  return async () => {
    let timedOut: (value: undefined) => void = () => undefined;
    const timeout = new Promise<undefined>((resolve) => (timedOut = resolve));
    const timer = setTimeout(() => timedOut(undefined), waitMs);
    const compared = depsOf(job.server.url).then((deps) => compareWithRun(job.server.url, job.jobId, deps));
    const found = await Promise.race([compared.catch(() => undefined), timeout]);
    clearTimeout(timer);
    return found && comparisonSummary(found.comparisons, found.before);
  };
}
