/** The REST API v0.2 root of a server (`serverUrl` is normalized: no trailing slash). */
export function restBase(serverUrl: string): string {
  return `${serverUrl}/api/v0.2`;
}

/** `{server}/api/v0.2/jobs/{id}/{sub}`: the job (`sub` ''), its `logs/`, its `tests/`. */
export function restJobUrl(serverUrl: string, jobId: string, sub = ''): string {
  return `${restBase(serverUrl)}/jobs/${encodeURIComponent(jobId)}/${sub}`;
}
