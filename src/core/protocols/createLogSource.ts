// The LogSource that follows a job: the one of the protocol its server speaks (log-tail, REST v0.2).
import { ApiDetector, ResolvedApi } from './apiDetect';
import { Clock } from '../util/clock';
import { Credentials, FetchFn } from '../net/http';
import { LogSource } from '../follow/logSource';
import { LogTailSource } from './logTailSource';
import { RestSource, StateRead } from './rest/restSource';
import { JobState } from './rest/restJob';
import { ServerConfig } from '../config/servers';

export interface SourceDeps {
  fetch: FetchFn;
  timeoutMs: number;
  credentials?: Credentials;
  apis: ApiDetector;
  clock: Clock;
  /** REST: the job's state as known elsewhere (the event stream), read instead of asking the server (RestSource `knownState`). */
  knownState?: (lastRead?: StateRead) => JobState | undefined;
}

/**
 * The log source that speaks the server's protocol for one job. The protocol is
 * resolved on the first poll, so a server that cannot be reached yet is retried
 * by the follower like any other transient failure.
 */
export function createLogSource(server: ServerConfig, jobId: string, deps: SourceDeps): LogSource {
  let source: LogSource | undefined;
  return {
    async next(signal, deliver) {
      source ??= sourceFor(await deps.apis.resolve(server, deps.credentials, signal, jobId), server, jobId, deps);
      return source.next(signal, deliver);
    },
  };
}

function sourceFor(api: ResolvedApi, server: ServerConfig, jobId: string, deps: SourceDeps): LogSource {
  const common = { fetch: deps.fetch, serverUrl: server.url, jobId, timeoutMs: deps.timeoutMs, credentials: deps.credentials };
  return api === 'rest'
    ? new RestSource({ ...common, clock: deps.clock, username: server.username, knownState: deps.knownState })
    : new LogTailSource(common);
}
