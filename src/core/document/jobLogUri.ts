/** Which job a log document shows: encoded in its URI (`lava-log:/LAVA job 12.lava-log?server=…&job=12`). */
export const JOB_LOG_SCHEME = 'lava-log';

export interface JobLogAddress {
  serverUrl: string;
  jobId: string;
}

export interface UriParts {
  scheme: string;
  path: string;
  query: string;
}

export function jobLogUri(address: JobLogAddress): UriParts {
  const query = new URLSearchParams({ server: address.serverUrl, job: address.jobId }).toString();
  return { scheme: JOB_LOG_SCHEME, path: `/LAVA job ${address.jobId}.lava-log`, query };
}

/** The job a log document's URI names; undefined when it is not one of ours or is malformed. */
export function parseJobLogUri(uri: UriParts): JobLogAddress | undefined {
  if (uri.scheme !== JOB_LOG_SCHEME) return undefined;
  const params = new URLSearchParams(uri.query);
  const serverUrl = params.get('server');
  const jobId = params.get('job');
  if (!serverUrl || !jobId || !/^\d{1,12}$/.test(jobId)) return undefined;
  try {
    const url = new URL(serverUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  } catch {
    return undefined;
  }
  return { serverUrl, jobId };
}
