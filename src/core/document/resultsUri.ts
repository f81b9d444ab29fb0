/**
 * The read-only results documents (issue 22): a job's results (Show Results) or a comparison of two
 * jobs (Compare with Previous Run), named by their URI (`lava-results:/LAVA job 12 results.txt?server=…&job=12`,
 * `…&before=11` for a comparison). Plain text, never an untitled editor.
 */
export const RESULTS_SCHEME = 'lava-results';

export interface ResultsAddress {
  serverUrl: string;
  jobId: string;
  /** A comparison: the job compared with. */
  before?: string;
}

export function resultsUri(address: ResultsAddress): { scheme: string; path: string; query: string } {
  const params: Record<string, string> = { server: address.serverUrl, job: address.jobId };
  if (address.before !== undefined) params.before = address.before;
  const path =
    address.before !== undefined ? `/LAVA job ${address.jobId} vs ${address.before}.txt` : `/LAVA job ${address.jobId} results.txt`;
  return { scheme: RESULTS_SCHEME, path, query: new URLSearchParams(params).toString() };
}

/** The results a document's URI names; undefined when it is not one of ours or is malformed. */
export function parseResultsUri(uri: { scheme: string; query: string }): ResultsAddress | undefined {
  if (uri.scheme !== RESULTS_SCHEME) return undefined;
  const params = new URLSearchParams(uri.query);
  const serverUrl = params.get('server');
  const jobId = params.get('job');
  const before = params.get('before') ?? undefined;
  const id = /^\d{1,12}$/;
  if (!serverUrl || !jobId || !id.test(jobId) || (before !== undefined && !id.test(before))) return undefined;
  try {
    const url = new URL(serverUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  } catch {
    return undefined;
  }
  return before !== undefined ? { serverUrl, jobId, before } : { serverUrl, jobId };
}
