import { LavaError } from '../net/errors';
import { Credentials, FetchFn, httpGet } from '../net/http';
import { tryParseJson } from '../net/json';
import { ServerApi, ServerConfig } from '../config/servers';
import { restBase } from './rest/restUrls';

export type ResolvedApi = Exclude<ServerApi, 'auto'>;

/**
 * Which protocol a server speaks: its configured `api`, or — for `auto` — the
 * answer of `GET /api/v0.2/` asked once per server and remembered (a failed
 * question is asked again next time).
 */
export class ApiDetector {
  private readonly answers = new Map<string, Promise<ResolvedApi>>();

  constructor(
    private readonly fetch: FetchFn,
    private readonly timeoutMs: number,
  ) {}

  resolve(server: ServerConfig, credentials?: Credentials, signal?: AbortSignal): Promise<ResolvedApi> {
    if (server.api === 'rest' || server.api === 'log-tail') return Promise.resolve(server.api);
    let answer = this.answers.get(server.url);
    if (!answer) {
      answer = this.ask(server, credentials, signal);
      this.answers.set(server.url, answer);
      answer.catch(() => this.answers.delete(server.url));
    }
    return answer;
  }

  private async ask(server: ServerConfig, credentials?: Credentials, signal?: AbortSignal): Promise<ResolvedApi> {
    try {
      const res = await httpGet(`${restBase(server.url)}/`, { fetch: this.fetch, timeoutMs: this.timeoutMs, credentials, signal });
      const root = tryParseJson(res.body);
      return typeof root === 'object' && root !== null && 'jobs' in root ? 'rest' : 'log-tail';
    } catch (err) {
      if (err instanceof LavaError && (err.kind === 'not-found' || err.kind === 'http')) return 'log-tail';
      throw err;
    }
  }
}
