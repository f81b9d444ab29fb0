import type { ListDeps } from '../protocols/rest/jobList';

/** The job whose previous run is looked for. */
export interface RunKey {
  id: string;
  description: string;
  deviceType: string | null;
}

/**
 * The id of the latest Finished job before `job` with exactly the same description (and
 * requested device type) on the server; undefined when there is none (within bounded pages).
 */
export async function findPreviousRun(serverUrl: string, job: RunKey, deps: ListDeps): Promise<string | undefined> {
  void serverUrl;
  void job;
  void deps;
  return undefined; // TODO
}
