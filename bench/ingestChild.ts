// One ingest run in a fresh process (so each number starts from a clean heap): follow a finished
// job to its end with our core, or download the same bytes plainly.  Prints one line
// `RESULT {json}`.  Run with --expose-gc for memory numbers.
//
//   node --expose-gc out/bench/ingestChild.js '{"mode":"rest","url":"http://...","memory":true}'
import { spawn } from 'child_process';
import { textSink, warmFetch } from './common';
import { systemClock } from '../src/core/util/clock';
import { defaultFollowOptions, FollowSink, JobFollower } from '../src/core/follow/follower';
import { FetchFn } from '../src/core/net/http';
import { LogTailSource } from '../src/core/protocols/logTailSource';
import { RestSource } from '../src/core/protocols/rest/restSource';
import type { HostInfo } from './simHost';

export type IngestMode = 'download' | 'log-tail' | 'rest';

export interface IngestSpec {
  mode: IngestMode;
  /** Simulator base URL (job '1'), or the raw URL for 'download'. */
  url: string;
  /** Sample memory (heap and RSS) while running. */
  memory: boolean;
}

export interface IngestResult {
  mode: IngestMode;
  ms: number;
  /** Characters delivered to the sink (follow), or bytes downloaded. */
  bytes: number;
  /** Records delivered (REST; 0 for log-tail, whose delivery is checked by its characters). */
  lines: number;
  requests: number;
  /** Time until the (last) answer's headers arrived, and until its body was read. */
  headersMs: number;
  bodyMs: number;
  finished: boolean;
  /** CPU time of this process (user + system) from the start to the end: the client's own cost, whatever the server's speed. */
  cpuMs?: number;
  memory?: {
    /** Growth over the baseline taken after gc(): peak of used heap + external memory. */
    heapGrowth: number;
    /** Growth of resident memory: peak (kernel maxRSS and samples) minus the baseline. */
    rssGrowth: number;
    baselineHeap: number;
    baselineRss: number;
  };
}

/** Whether a follow delivered the whole log: every record (REST), every character (log-tail). */
export function deliveredAll(r: IngestResult, host: HostInfo): boolean {
  if (!r.finished) return false;
  return r.mode === 'log-tail' ? r.bytes === host.logChars : r.lines === host.lines;
}

/** Runs one ingest in a child process and returns its result. */
export function runIngest(spec: IngestSpec): Promise<IngestResult> {
  return new Promise((resolve, reject) => {
    const args = [...(spec.memory ? ['--expose-gc'] : []), __filename, JSON.stringify(spec)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`ingest ${spec.mode} failed (exit ${code}): ${out.slice(-2000)}`));
      else resolve(JSON.parse(line.slice('RESULT '.length)) as IngestResult);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The child

class MemoryProbe {
  baselineHeap = 0;
  baselineRss = 0;
  peakHeap = 0;
  peakRss = 0;
  private timer?: NodeJS.Timeout;

  start(): void {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const m = process.memoryUsage();
    this.baselineHeap = m.heapUsed + m.external;
    this.baselineRss = m.rss;
    this.peakHeap = this.baselineHeap;
    this.peakRss = this.baselineRss;
    this.timer = setInterval(() => this.sample(), 5);
  }

  sample(): void {
    const m = process.memoryUsage();
    this.peakHeap = Math.max(this.peakHeap, m.heapUsed + m.external);
    this.peakRss = Math.max(this.peakRss, m.rss);
  }

  stop(): IngestResult['memory'] {
    this.sample();
    clearInterval(this.timer);
    const maxRss = process.resourceUsage().maxRSS * 1024;
    return {
      heapGrowth: this.peakHeap - this.baselineHeap,
      rssGrowth: Math.max(this.peakRss, maxRss) - this.baselineRss,
      baselineHeap: this.baselineHeap,
      baselineRss: this.baselineRss,
    };
  }
}

async function childMain(spec: IngestSpec): Promise<IngestResult> {
  const probe = spec.memory ? new MemoryProbe() : undefined;
  let requests = 0;
  let headersAt = 0;
  let bodyAt = 0;
  // Timestamps (and memory samples) at the moments that matter; the answer itself is untouched.
  const timedFetch: FetchFn = async (input, init) => {
    requests++;
    const res = await fetch(input, init);
    headersAt = performance.now();
    probe?.sample();
    const text = res.text.bind(res);
    Object.defineProperty(res, 'text', {
      value: async () => {
        const body = await text();
        bodyAt = performance.now();
        probe?.sample();
        return body;
      },
    });
    return res;
  };
  // Node loads its fetch (undici) on first use, ~100+ ms, then compiles its parser again in the
  // background: all that, and the keep-alive connection, before the clock starts, for downloads and follows alike.
  await warmFetch(spec.mode === 'download' ? new URL('/ping', spec.url).toString() : `${spec.url}/api/v0.2/system/version/`);
  probe?.start();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let bytes = 0;
  let lines = 0;
  let finished: boolean;
  if (spec.mode === 'download') {
    const res = await timedFetch(spec.url);
    requests = 1;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    bodyAt = performance.now();
    finished = res.status === 200;
  } else {
    // A sink that formats REST records as the extension's does (textSink: RecordText), then only counts
    // characters; it copies nothing (a REST batch is a rope of formatted
    // records; counting its lines or UTF-8 bytes would flatten it into one more copy, and counting
    // log-tail's lines, 0.1 s for 100 MB, was charged to the follower's CPU time).
    const sink: FollowSink = textSink((text) => {
      probe?.sample();
      bytes += text.length;
    });
    const common = { fetch: timedFetch, serverUrl: spec.url, jobId: '1', timeoutMs: 600000 };
    const source = spec.mode === 'log-tail' ? new LogTailSource(common) : new RestSource({ ...common, clock: systemClock });
    const end = await new JobFollower(source, sink, systemClock, defaultFollowOptions).run();
    finished = end.kind === 'finished';
    if (spec.mode === 'rest') lines = (source as RestSource).offset;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const memory = probe?.stop();
  return { mode: spec.mode, ms, bytes, lines, requests, headersMs: headersAt - t0, bodyMs: bodyAt - t0, finished, cpuMs, memory };
}

if (require.main === module) {
  childMain(JSON.parse(process.argv[2]) as IngestSpec).then(
    (r) => {
      process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (err: Error) => {
      process.stderr.write(`${err.stack ?? err}\n`);
      process.exit(1);
    },
  );
}
