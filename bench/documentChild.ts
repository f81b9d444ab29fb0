// One job-log document measurement in a fresh process (clean heap, own CPU time): the simulator
// runs elsewhere (the parent or simHost), so process.cpuUsage() here is the client's alone.
// Prints one line `RESULT {json}`.
//
//   grow:   follow a growing REST job into a JobLog, with a visible "document" refreshed exactly
//           as src/vscode/views/jobLogDocuments.ts does (refreshDecision; renderLog on 'now').
//   open:   follow a finished REST job to its end into a JobLog, then one renderLog.
//   pages:  plain download of the same `logs/?start&end` pages (body read as text, nothing else).
//   memory: `open` under --expose-gc: heap + external held by the JobLog (and the LineMap the
//           document keeps) after the rendered text is dropped.
//
//   node [--expose-gc] out/bench/documentChild.js '{"mode":"open","url":"http://...","records":N}'
import { spawn } from 'child_process';
import { warmFetch } from './common';
import { defaultRefreshPolicy, refreshDecision } from '../src/core/document/refreshPolicy';
import { renderLog } from '../src/core/document/renderLog';
import { systemClock } from '../src/core/util/clock';
import { defaultFollowOptions, FollowEnd, JobFollower } from '../src/core/follow/follower';
import { FormatOptions } from '../src/core/log/format';
import { RecordText } from '../src/core/follow/recordText';
import { JobLog } from '../src/core/log/jobLog';
import { LineMap } from '../src/core/log/lineMap';
import { RestSource } from '../src/core/protocols/rest/restSource';

export type DocMode = 'grow' | 'open' | 'pages' | 'memory';

export interface DocSpec {
  mode: DocMode;
  /** Simulator base URL; the job id is '1'. */
  url: string;
  /** Records (= lines of output.yaml) of the job: `pages` asks for ceil(records / 5000) pages. */
  records: number;
}

/** The document's format: what a document opens with by default (levels all, time shown). */
export const DOC_FORMAT: FormatOptions = { time: 'utc' };
/** RestSource's default page (`logs/?start=N&end=N+5000`). */
export const PAGE_SIZE = 5000;

export interface Refresh {
  /** ms since the follow started. */
  t: number;
  /** Characters of the rendered text handed over. */
  chars: number;
  /** JobLog.size (raw characters) at that refresh. */
  logSize: number;
  records: number;
  renderMs: number;
}

export interface GrowResult {
  mode: 'grow';
  ms: number;
  cpuMs: number;
  end: FollowEnd['kind'];
  records: number;
  /** JobLog.size at the end (raw output.yaml characters). */
  logSize: number;
  /** The last rendered text's length (the final document). */
  finalChars: number;
  handedChars: number;
  refreshes: Refresh[];
  renderMs: number;
  /** Per record: refresh time − arrival in the JobLog (ms), as [delay, records] pairs. */
  delays: [number, number][];
  /** Records arrived in the JobLog but never shown (should be 0). */
  unshown: number;
}

export interface OpenResult {
  mode: 'open' | 'pages' | 'memory';
  ms: number;
  cpuMs: number;
  /** open/memory: the follow to the end; the render. */
  followMs?: number;
  renderMs?: number;
  records: number;
  /** open/memory: rendered characters; pages: characters read. */
  chars: number;
  logSize?: number;
  requests: number;
  finished: boolean;
  memory?: {
    baseline: number;
    /** heap + external growth after gc(): the JobLog alone, after the follow. */
    afterFollow: number;
    /** ... and after one render, the text dropped and the LineMap kept (what an open document holds). */
    held: number;
    /** Peak heap + external growth (sampled every 5 ms and at each answer / render). */
    peak: number;
    lineMapBytes: number;
  };
}

export type DocResult = GrowResult | OpenResult;

/** Runs one measurement in a fresh process. */
export function runDocChild(spec: DocSpec): Promise<DocResult> {
  return new Promise((resolve, reject) => {
    const args = [...(spec.mode === 'memory' ? ['--expose-gc'] : []), __filename, JSON.stringify(spec)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`document ${spec.mode} failed (exit ${code}): ${out.slice(-2000)}`));
      else resolve(JSON.parse(line.slice('RESULT '.length)) as DocResult);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The child

const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc;
  g?.();
  g?.();
};
const heap = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

async function warm(url: string): Promise<void> {
  await warmFetch(`${url}/api/v0.2/system/version/`);
}

function restSource(url: string): RestSource {
  return new RestSource({ fetch, serverUrl: url, jobId: '1', timeoutMs: 600000, clock: systemClock });
}

async function grow(spec: DocSpec): Promise<GrowResult> {
  await warm(spec.url);
  const log = new JobLog();
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  // The document, as jobLogDocuments.ts keeps it: handed / at / timer; visible all along.
  const doc: { handed: number; at: number; costMs?: number; timer?: ReturnType<typeof setTimeout>; lines: LineMap } = {
    handed: 0,
    at: 0,
    lines: new LineMap(),
  };
  const refreshes: Refresh[] = [];
  let pending: { at: number; count: number }[] = [];
  const delays: [number, number][] = [];
  let finalChars = 0;
  // provideTextDocumentContent: VS Code asks for the text after onDidChange fired.
  const provide = () => {
    const r0 = performance.now();
    const rendered = renderLog(log, DOC_FORMAT);
    const renderMs = performance.now() - r0;
    doc.lines = rendered.lines;
    doc.handed = log.size;
    doc.at = Date.now();
    doc.costMs = renderMs;
    finalChars = rendered.text.length;
    refreshes.push({ t: doc.at - t0, chars: rendered.text.length, logSize: log.size, records: rendered.records, renderMs });
    for (const p of pending) delays.push([doc.at - p.at, p.count]);
    pending = [];
  };
  const schedule = () => {
    if (doc.timer && !log.finished) return;
    clearTimeout(doc.timer);
    doc.timer = undefined;
    const decision = refreshDecision(
      { handed: doc.handed, at: doc.at, costMs: doc.costMs },
      log.size,
      Date.now(),
      true,
      log.finished,
      defaultRefreshPolicy,
    );
    if (decision.kind === 'now') provide();
    else if (decision.kind === 'later') {
      doc.timer = setTimeout(() => {
        doc.timer = undefined;
        schedule();
      }, decision.inMs);
    }
  };
  provide(); // the document is opened (empty) as the follow starts
  log.onDidChange(() => schedule());
  const source = restSource(spec.url);
  // As the extension's sink: each record formatted once, its body to the JobLog, the channel's text (dropped here).
  const records = new RecordText('1', DOC_FORMAT);
  const follower = new JobFollower(
    source,
    {
      data(data) {
        if (data.kind !== 'records') return;
        records.take(data.lines, (_text, lines) => {
          pending.push({ at: Date.now(), count: lines.length });
          log.addLines(lines); // fires the change: the document may refresh right here
        });
      },
      notice() {},
    },
    systemClock,
    defaultFollowOptions,
  );
  const end = await follower.run();
  if (end.kind === 'finished') log.finish(end.outcome); // as ChannelFollow does: the final refresh
  clearTimeout(doc.timer);
  const ms = Date.now() - t0;
  return {
    mode: 'grow',
    ms,
    cpuMs: cpuMs(cpu0),
    end: end.kind,
    records: log.recordCount,
    logSize: log.size,
    finalChars,
    handedChars: refreshes.reduce((a, r) => a + r.chars, 0),
    refreshes,
    renderMs: refreshes.reduce((a, r) => a + r.renderMs, 0),
    delays,
    unshown: pending.reduce((a, p) => a + p.count, 0),
  };
}

async function open(spec: DocSpec): Promise<OpenResult> {
  const memory = spec.mode === 'memory';
  let requests = 0;
  let peak = 0;
  let sampler: NodeJS.Timeout | undefined;
  const sample = () => {
    if (memory) peak = Math.max(peak, heap());
  };
  const counted: typeof fetch = async (input, init) => {
    requests++;
    const res = await fetch(input, init);
    sample();
    return res;
  };
  await warm(spec.url);
  let baseline = 0;
  if (memory) {
    gc();
    baseline = heap();
    peak = baseline;
    sampler = setInterval(sample, 5);
  }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const log = new JobLog();
  const source = new RestSource({
    fetch: counted,
    serverUrl: spec.url,
    jobId: '1',
    timeoutMs: 600000,
    clock: systemClock,
  });
  const records = new RecordText('1', DOC_FORMAT);
  const end = await new JobFollower(
    source,
    { data: (data) => data.kind === 'records' && records.take(data.lines, (_text, lines) => log.addLines(lines)), notice() {} },
    systemClock,
    defaultFollowOptions,
  ).run();
  if (end.kind === 'finished') log.finish(end.outcome);
  const t1 = performance.now();
  let afterFollow = 0;
  if (memory) {
    sample();
    clearInterval(sampler);
    gc();
    afterFollow = heap() - baseline;
    sampler = setInterval(sample, 5);
  }
  const r0 = performance.now();
  // Handed to VS Code: the extension keeps the LineMap, not the text (it is garbage on return).
  const { chars, lines } = handOver(renderLog(log, DOC_FORMAT), sample);
  const t2 = performance.now();
  const cpu = cpuMs(cpu0);
  sample();
  let mem: OpenResult['memory'];
  if (memory) {
    clearInterval(sampler);
    gc();
    mem = { baseline, afterFollow, held: heap() - baseline, peak: peak - baseline, lineMapBytes: lines.byteSize };
  }
  // Keep the log and the map alive up to the measurement.
  if (log.recordCount < 0 || lines.recordCount < 0) throw new Error('unreachable');
  return {
    mode: spec.mode as 'open' | 'memory',
    ms: t2 - t0,
    cpuMs: cpu,
    followMs: t1 - t0,
    renderMs: t2 - r0,
    records: log.recordCount,
    chars,
    logSize: log.size,
    requests,
    finished: end.kind === 'finished',
    memory: mem,
  };
}

function handOver(rendered: ReturnType<typeof renderLog>, sample: () => void): { chars: number; lines: LineMap } {
  sample(); // the peak: the log, the LineMap and the text
  return { chars: rendered.text.length, lines: rendered.lines };
}

async function pages(spec: DocSpec): Promise<OpenResult> {
  await warm(spec.url);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let chars = 0;
  let requests = 0;
  let ok = true;
  const base = `${spec.url}/api/v0.2/jobs/1/logs/`;
  for (let start = 0; start < spec.records; start += PAGE_SIZE) {
    const res = await fetch(`${base}?start=${start}&end=${start + PAGE_SIZE}`, { headers: { accept: '*/*' } });
    requests++;
    ok &&= res.status === 200;
    chars += (await res.text()).length;
  }
  return { mode: 'pages', ms: performance.now() - t0, cpuMs: cpuMs(cpu0), records: spec.records, chars, requests, finished: ok };
}

if (require.main === module) {
  const spec = JSON.parse(process.argv[2]) as DocSpec;
  (spec.mode === 'grow' ? grow(spec) : spec.mode === 'pages' ? pages(spec) : open(spec)).then(
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
