import { Credentials, FetchFn } from './http';
import { LogSource } from './logSource';
import { LogTailSource } from './logTailSource';
import { ServerConfig } from './servers';

export interface SourceDeps {
  fetch: FetchFn;
  timeoutMs: number;
  credentials?: Credentials;
}

/** The log source that speaks the server's protocol for one job. */
export function createLogSource(server: ServerConfig, jobId: string, deps: SourceDeps): LogSource {
  return new LogTailSource({ ...deps, serverUrl: server.url, jobId });
}
