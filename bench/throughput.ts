// 2. Ingest throughput: a finished 100 MB log (about 1 M lines) followed to its end from the
// simulator, next to a plain HTTP download of the same bytes, in the same run.  The simulator and
// the plain server live in another process (simHost); each measurement runs in a fresh process
// (ingestChild); downloads and follows alternate, and the medians are compared.
import { spawnSync } from 'child_process';
import { BenchOptions, BenchResult, fmtBytes, fmtMs, fmtNum, goalRow, MB, median, Row } from './common';
import { deliveredAll, IngestResult, runIngest } from './ingestChild';
import { sharedHost } from './simHost';

export function throughputSize(opts: BenchOptions): number {
  return opts.smoke ? 4 * MB : 100 * MB;
}

export async function throughputBench(opts: BenchOptions): Promise<BenchResult> {
  const size = throughputSize(opts);
  const reps = opts.smoke ? 1 : 3;
  const rows: Row[] = [];
  const notes: string[] = [];
  const details: Record<string, unknown> = {};
  for (const kind of ['log-tail', 'rest'] as const) {
    const host = await sharedHost({ kind, bytes: size, seed: opts.seed });
    const downloads: IngestResult[] = [];
    const follows: IngestResult[] = [];
    for (let i = 0; i < reps; i++) {
      downloads.push(await runIngest({ mode: 'download', url: host.info.rawUrl, memory: false }));
      follows.push(await runIngest({ mode: kind, url: host.info.url, memory: false }));
    }
    for (const f of follows) {
      if (!deliveredAll(f, host.info)) {
        const got = kind === 'log-tail' ? `${f.bytes} of ${host.info.logChars} characters` : `${f.lines} of ${host.info.lines} records`;
        throw new Error(`throughput ${kind}: follow ended with ${got} (finished: ${f.finished})`);
      }
    }
    for (const d of downloads)
      if (d.bytes !== host.info.logBytes) throw new Error(`throughput: download got ${d.bytes} of ${host.info.logBytes} bytes`);
    const dl = median(downloads.map((r) => r.ms));
    const fo = median(follows.map((r) => r.ms));
    const mid = follows.find((r) => r.ms === fo) ?? follows[0];
    const server = mid.headersMs;
    const transfer = mid.bodyMs - mid.headersMs;
    const client = mid.ms - mid.bodyMs;
    const clientSide = mid.ms - mid.headersMs;
    const mbps = (ms: number) => `${fmtNum(host.info.logBytes / MB / (ms / 1000), 0)} MB/s`;
    const what = kind === 'log-tail' ? 'console text' : 'output.yaml records';
    rows.push({
      bench: 'throughput',
      variant: `${kind}: plain HTTP download of the same bytes (Node fetch)`,
      metric: `time for ${fmtBytes(host.info.logBytes)}`,
      value: dl,
      shown: `${fmtMs(dl)} (${mbps(dl)})`,
    });
    const curl = curlDownload(host.info.rawUrl, reps);
    if (curl !== undefined) {
      rows.push({
        bench: 'throughput',
        variant: `${kind}: plain HTTP download (curl -o /dev/null)`,
        metric: `time for ${fmtBytes(host.info.logBytes)}`,
        value: curl,
        shown: `${fmtMs(curl)} (${mbps(curl)})`,
      });
    }
    const answer =
      kind === 'log-tail' ? `its one ${fmtBytes(host.info.logBytes)} JSON answer` : `its one ${fmtBytes(host.info.logBytes)} logs answer`;
    rows.push(
      goalRow(
        {
          bench: 'throughput',
          variant: `${kind}: ours, follow to the end`,
          metric: 'follow time ÷ download time',
          value: fo / dl,
          shown: `${fmtNum(fo / dl, 2)}× (${fmtMs(fo)}, ${mbps(fo)})`,
          max: 1.5,
          goalText: '≤ 1.5×',
        },
        `the simulator takes ${fmtMs(server)} to build ${answer} (test/simulator, not the core; see the next row for the client alone)`,
      ),
    );
    const clientBound =
      kind === 'log-tail'
        ? `the whole log comes as one answer, decoded as it streams: ${fmtMs(clientSide)} from its headers to the follow's end`
        : `each logs/ answer is parsed as it arrives, so the client's time cannot be told apart from the simulator's: this row subtracts all of it and measures nothing (kept to compare with earlier tables; the CPU row is the client's cost)`;
    rows.push(
      goalRow(
        {
          bench: 'throughput',
          variant: `${kind}: ours, without the simulator's time to answer`,
          metric: 'client time ÷ download time',
          value: clientSide / dl,
          shown: `${fmtNum(clientSide / dl, 2)}× (${fmtMs(clientSide)})`,
          max: 1.5,
          goalText: '≤ 1.5×',
        },
        clientBound,
      ),
    );
    const dlCpu = median(downloads.map((r) => r.cpuMs ?? NaN));
    const foCpu = median(follows.map((r) => r.cpuMs ?? NaN));
    rows.push(
      goalRow(
        {
          bench: 'throughput',
          variant: `${kind}: ours, the client's own CPU time`,
          metric: 'follower CPU ÷ download CPU (same bytes)',
          value: foCpu / dlCpu,
          shown: `${fmtNum(foCpu / dlCpu, 2)}× (${fmtMs(foCpu)} vs ${fmtMs(dlCpu)})`,
          max: 1.5,
          goalText: '≤ 1.5×',
        },
        kind === 'log-tail'
          ? 'decoding the JSON string (escapes, UTF-8) and turning bytes into JS strings for the channel: a plain download only counts bytes, it never makes text'
          : 'parsing each YAML record line and formatting it (parseRecordLine + formatRecord, ~1 µs a record) on top of making text of the bytes: a plain download only counts bytes',
      ),
    );
    notes.push(
      `${kind}: ${fmtBytes(host.info.logBytes)} of ${what}, ${host.info.lines} lines; median of ${reps}; ` +
        `follow = ${fmtMs(server)} until the answer's headers (the simulator building it) + ${fmtMs(transfer)} body + ${fmtMs(client)} parse/format/sink.`,
    );
    details[kind] = { size: host.info.logBytes, lines: host.info.lines, downloads, follows };
  }
  notes.push(
    'Downloads stream the body and count bytes (like curl > /dev/null); follows use JobFollower with default options and a sink that formats REST records as the extension does (RecordText), then only counts.',
  );
  return { name: 'throughput', title: `2. Ingest throughput (a finished ${fmtBytes(size)} log followed to its end)`, rows, notes, details };
}

/** Median time of `curl -o /dev/null` for the URL, or undefined when there is no curl. */
function curlDownload(url: string, reps: number): number | undefined {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const r = spawnSync('curl', ['-s', '-o', '/dev/null', '-w', '%{time_total}', url], { encoding: 'utf8' });
    if (r.status !== 0) return undefined;
    times.push(Number(r.stdout) * 1000);
  }
  return median(times);
}
