// A LavaSimulator in its own process, holding one big finished job, next to a plain HTTP server
// that serves the same log bytes (the "plain download" baseline).  Used by the throughput and
// memory benchmarks so that neither the simulator's CPU time nor its memory (it builds each
// 100 MB answer on request) is charged to the process being measured.
//
//   parent: const host = await SimHost.start({ kind: 'rest', bytes: 100 * MB, seed: 1 });
//   child:  node out/bench/simHost.js '<spec JSON>'   (talks over the IPC channel)
import { ChildProcess, fork } from 'child_process';
import * as http from 'http';
import { AddressInfo } from 'net';
import { LavaSimulator } from '../test/simulator/server';
import { recordsOfSize, textLogOfSize } from './data';

export interface HostSpec {
  kind: 'log-tail' | 'rest';
  /** Log size to generate (at least). */
  bytes: number;
  seed: number;
}

export interface HostInfo {
  /** The simulator's base URL; the job id is '1'. */
  url: string;
  /** GET this for the same bytes as a plain download (application/octet-stream). */
  rawUrl: string;
  logBytes: number;
  lines: number;
  /** Log-tail: the log's length as a string (UTF-16 code units): what a follow must deliver. */
  logChars?: number;
  generateMs: number;
}

export interface HostStats {
  bytesSent: number;
  requests: number;
}

type ToChild = { type: 'stats' } | { type: 'close' };
type FromChild = { type: 'ready'; info: HostInfo } | { type: 'stats'; stats: HostStats } | { type: 'error'; message: string };

export class SimHost {
  private waiting: ((m: FromChild) => void)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly spec: HostSpec,
    readonly info: HostInfo,
  ) {
    child.on('message', (m: FromChild) => this.waiting.shift()?.(m));
  }

  static async start(spec: HostSpec): Promise<SimHost> {
    const child = fork(__filename, [JSON.stringify(spec)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
    const info = await new Promise<HostInfo>((resolve, reject) => {
      child.once('message', (m: FromChild) => (m.type === 'ready' ? resolve(m.info) : reject(new Error(`simHost: ${JSON.stringify(m)}`))));
      child.once('exit', (code) => reject(new Error(`simHost exited early (code ${code})`)));
    });
    child.removeAllListeners('exit');
    return new SimHost(child, spec, info);
  }

  stats(): Promise<HostStats> {
    return new Promise((resolve, reject) => {
      this.waiting.push((m) => (m.type === 'stats' ? resolve(m.stats) : reject(new Error(JSON.stringify(m)))));
      this.child.send({ type: 'stats' } satisfies ToChild);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'close' } satisfies ToChild);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

const hosts = new Map<string, Promise<SimHost>>();

/** One host per spec for the whole run (generating 100 MB of log takes seconds). */
export function sharedHost(spec: HostSpec): Promise<SimHost> {
  const key = JSON.stringify(spec);
  let h = hosts.get(key);
  if (!h) {
    h = SimHost.start(spec);
    hosts.set(key, h);
  }
  return h;
}

export async function closeSharedHosts(): Promise<void> {
  const all = [...hosts.values()];
  hosts.clear();
  await Promise.all(all.map(async (h) => (await h.catch(() => undefined))?.close()));
}

// ---------------------------------------------------------------------------------------------
// The child

async function childMain(spec: HostSpec): Promise<void> {
  const send = (m: FromChild) => process.send!(m);
  const t0 = Date.now();
  const sim = await LavaSimulator.start({ port: 0 });
  let raw: Buffer;
  let lines: number;
  let logChars: number | undefined;
  if (spec.kind === 'log-tail') {
    const { log, lines: n } = textLogOfSize(spec.bytes, spec.seed);
    sim.addLogTailJob({ id: '1', log, intervalMs: 0 }); // the whole log at once: a finished job
    raw = log;
    lines = n;
    logChars = log.toString('utf8').length;
  } else {
    const { lines: records } = recordsOfSize(spec.bytes, spec.seed);
    // linesPerSecond 0: every record visible at once; finishDelayMs 0: already Finished.
    const job = sim.addRestJob({ id: '1', records, health: 'Complete', linesPerSecond: 0, finishDelayMs: 0 });
    raw = job.logBytes;
    lines = records.length;
  }
  const plain = http.createServer((req, res) => {
    req.resume();
    const body = req.url === '/ping' ? Buffer.from('pong\n') : raw;
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', () => resolve()));
  const port = (plain.address() as AddressInfo).port;
  process.on('message', async (m: ToChild) => {
    if (m.type === 'stats') send({ type: 'stats', stats: { bytesSent: sim.bytesSent, requests: sim.requests.length } });
    else if (m.type === 'close') {
      plain.closeAllConnections();
      plain.close();
      await sim.close();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({
    type: 'ready',
    info: { url: sim.url, rawUrl: `http://127.0.0.1:${port}/raw`, logBytes: raw.length, lines, logChars, generateMs: Date.now() - t0 },
  });
}

if (require.main === module) {
  childMain(JSON.parse(process.argv[2]) as HostSpec).catch((err: Error) => {
    process.send?.({ type: 'error', message: err.stack ?? String(err) } satisfies FromChild);
    process.exit(1);
  });
}
