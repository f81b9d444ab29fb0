// The strategies other tools use to follow a log, written against the same servers as our core
// (the simulator, real LAVA), so they can be measured side by side with it:
//
//  - fixed-interval offset poller: ask for what is new since the last offset, sleep a fixed time,
//    again (lavacli `jobs logs` every 5 s, Jenkins Jack every 0.5 s, LAVA's web page every 5 s);
//  - whole-log re-download: fetch the whole log each poll and show what is past the previous end
//    (what GitLab's and Azure DevOps' VS Code extensions do with a job trace).
//
// Each is deliberately plain: one request at a time, fixed sleep after each poll, a failed request
// is retried after the same sleep.  REST pollers read the job state each poll (like lavacli), since
// the REST log endpoint has no end-of-log marker.
import { FetchFn } from '../src/core/net/http';

export type StrategyKind = 'offset' | 'whole-log';
export type Protocol = 'log-tail' | 'rest';

export interface StrategyOptions {
  protocol: Protocol;
  kind: StrategyKind;
  serverUrl: string;
  jobId: string;
  intervalMs: number;
  /** Where the text goes, as it would go to a channel. */
  sink: { append(text: string): void };
  fetch?: FetchFn;
  token?: string;
}

export class Poller {
  /** Requests made. */
  requests = 0;
  private readonly controller = new AbortController();
  private readonly fetch: FetchFn;
  private offset = 0; // bytes (log-tail) or records (REST) delivered so far
  private shownChars = 0; // whole-log log-tail: characters of content already shown

  constructor(readonly opts: StrategyOptions) {
    this.fetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  }

  get label(): string {
    return `${this.opts.kind === 'offset' ? 'offset poll' : 'whole log'} every ${this.opts.intervalMs / 1000} s`;
  }

  stop(): void {
    this.controller.abort();
  }

  /** Polls until the job is over (or stop()). */
  async run(): Promise<void> {
    const signal = this.controller.signal;
    while (!signal.aborted) {
      let finished = false;
      try {
        finished = this.opts.protocol === 'log-tail' ? await this.pollLogTail() : await this.pollRest();
      } catch {
        if (signal.aborted) return;
      }
      if (finished || signal.aborted) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.opts.intervalMs);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
  }

  private async get(url: string): Promise<{ status: number; body: string }> {
    this.requests++;
    const headers: Record<string, string> = { Accept: '*/*' };
    if (this.opts.token) headers.Authorization = `Token ${this.opts.token}`;
    const res = await this.fetch(url, { headers, signal: this.controller.signal });
    return { status: res.status, body: await res.text() };
  }

  private base(): string {
    return this.opts.serverUrl.replace(/\/+$/, '');
  }

  private async pollLogTail(): Promise<boolean> {
    const start = this.opts.kind === 'offset' ? this.offset : 0;
    const res = await this.get(`${this.base()}/lava-server/job/${encodeURIComponent(this.opts.jobId)}/log-tail?start=${start}`);
    if (res.status !== 200) return false;
    const tail = JSON.parse(res.body) as { is_finished: boolean; new_size: number; content: string };
    if (this.opts.kind === 'offset') {
      if (tail.content) this.opts.sink.append(tail.content);
      this.offset = tail.new_size;
    } else if (tail.content.length > this.shownChars) {
      this.opts.sink.append(tail.content.slice(this.shownChars));
      this.shownChars = tail.content.length;
    }
    return tail.is_finished;
  }

  private async pollRest(): Promise<boolean> {
    const api = `${this.base()}/api/v0.2/jobs/${encodeURIComponent(this.opts.jobId)}`;
    const job = await this.get(`${api}/`);
    if (job.status !== 200) return false;
    const state = (JSON.parse(job.body) as { state?: string }).state;
    if (state === 'Submitted' || state === 'Scheduling' || state === 'Scheduled') return false;
    const query = this.opts.kind === 'offset' ? `?start=${this.offset}` : '';
    const logs = await this.get(`${api}/logs/${query}`);
    if (logs.status === 200) {
      // Whole lines only (one record per line).
      const lines = logs.body.slice(0, logs.body.lastIndexOf('\n') + 1).split('\n');
      lines.pop();
      const fresh = this.opts.kind === 'offset' ? lines : lines.slice(this.offset);
      if (fresh.length > 0) this.opts.sink.append(fresh.join('\n') + '\n');
      this.offset += fresh.length;
    }
    // The state was read before the logs: a Finished job's log was complete, so this read was the last.
    return state === 'Finished';
  }
}
