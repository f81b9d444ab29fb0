// REST logs from LAVA's Mongo and Elasticsearch backends: a block-style YAML list, one record an item (issue 19).
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { Clock } from '../../../../../src/core/util/clock';
import { LogLine } from '../../../../../src/core/log/jobLog';
import { LogRecord, MAX_FALLBACK_CHARS, parseBlockItem } from '../../../../../src/core/log/records';
import { RestSource } from '../../../../../src/core/protocols/rest/restSource';

/**
 * What LAVA 2023.01's LogsMongo.read answers for these records: `yaml_dump(list(docs))` (PyYAML,
 * lava_common.compat), produced by that code on this machine. Keys sorted; a long string folded; a
 * results mapping as a nested block.
 */
const BLOCK_BODY =
  "- dt: '2023-01-24T05:24:00.060423'\n  lvl: info\n  msg: 'lava-dispatcher, installed at version: 2023.01'\n- dt: '2023-01-24T05:24:00.061000'\n  lvl: debug\n  msg: 'start: 1.1 download-retry (timeout 00:02:00) [common]'\n- dt: '2023-01-24T05:24:01.000000'\n  lvl: target\n  msg: Welcome to Debian GNU/Linux 12 (bookworm)! Its a long line that PyYAML folds\n    because it is wider than eighty characters, twice over and more\n- dt: '2023-01-24T05:24:02.000000'\n  lvl: feedback\n  msg: 'kernel: [ 1.0] eth0: link up'\n  ns: probe\n- dt: '2023-01-24T05:24:03.000000'\n  lvl: results\n  msg:\n    case: job\n    definition: lava\n    extra:\n    - 1\n    - 2\n    result: pass\n- dt: '2023-01-24T05:24:04.000000'\n  lvl: info\n  msg: 'yes'\n- dt: '2023-01-24T05:24:05.000000'\n  lvl: info\n  msg: \"tab\\there \\\"quoted\\\" and\\nnew line\"\n- dt: '2023-01-24T05:24:06.000000'\n  lvl: info\n  msg: plain words\n- dt: '2023-01-24T05:24:07.000000'\n  lvl: info\n  msg: ''\n";

/** The records PyYAML dumped above. */
const RECORDS: LogRecord[] = [
  { dt: '2023-01-24T05:24:00.060423', lvl: 'info', msg: 'lava-dispatcher, installed at version: 2023.01' },
  { dt: '2023-01-24T05:24:00.061000', lvl: 'debug', msg: 'start: 1.1 download-retry (timeout 00:02:00) [common]' },
  {
    dt: '2023-01-24T05:24:01.000000',
    lvl: 'target',
    msg: 'Welcome to Debian GNU/Linux 12 (bookworm)! Its a long line that PyYAML folds because it is wider than eighty characters, twice over and more',
  },
  { dt: '2023-01-24T05:24:02.000000', lvl: 'feedback', msg: 'kernel: [ 1.0] eth0: link up', ns: 'probe' },
  { dt: '2023-01-24T05:24:03.000000', lvl: 'results', msg: { case: 'job', definition: 'lava', result: 'pass', extra: [1, 2] } },
  { dt: '2023-01-24T05:24:04.000000', lvl: 'info', msg: 'yes' },
  { dt: '2023-01-24T05:24:05.000000', lvl: 'info', msg: 'tab\there "quoted" and\nnew line' },
  { dt: '2023-01-24T05:24:06.000000', lvl: 'info', msg: 'plain words' },
  { dt: '2023-01-24T05:24:07.000000', lvl: 'info', msg: '' },
];

/** The items of the body (each from its `- ` line to the next), so a page is a slice of them. */
const ITEMS = BLOCK_BODY.split(/(?=^- )/m);

const clock: Clock = {
  now: () => 0,
  async sleep() {},
};

interface Served {
  url: string;
  starts: number[];
  close: () => Promise<void>;
}

/** A LAVA whose log backend is Mongo: `start`/`end` count records, the answer is block-style YAML. */
function serve(items: string[]): Promise<Served> {
  const starts: number[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/v0.2/jobs/1/logs/') {
      const start = Number(url.searchParams.get('start') ?? 0);
      const end = Number(url.searchParams.get('end') ?? items.length);
      starts.push(start);
      const page = items.slice(start, end);
      if (!page.length) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'application/yaml' }).end(page.join(''));
      return;
    }
    if (url.pathname === '/api/v0.2/jobs/1/') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: 1, state: 'Finished', health: 'Complete', failure_comment: null }));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        starts,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

async function readAll(items: string[], pageSize: number): Promise<{ lines: LogLine[]; starts: number[] }> {
  const srv = await serve(items);
  try {
    const source = new RestSource({
      fetch: globalThis.fetch.bind(globalThis),
      serverUrl: srv.url,
      jobId: '1',
      timeoutMs: 5000,
      clock,
      pageSize,
      jobState: 'rest',
      finishCheckMs: 1,
    });
    const lines: LogLine[] = [];
    const signal = new AbortController().signal;
    for (let i = 0; i < 50; i++) {
      const batch = await source.next(signal, (data) => void (data.kind === 'records' && lines.push(...data.lines)));
      if (batch.finished) break;
    }
    return { lines, starts: srv.starts };
  } finally {
    await srv.close();
  }
}

describe('REST logs in block style (Mongo / Elasticsearch backends)', () => {
  it('reads every record of a block-style answer as PyYAML wrote it, indexes counting records', async () => {
    const { lines } = await readAll(ITEMS, 1000);
    assert.deepEqual(
      lines.map((l) => l.record),
      RECORDS,
    );
    assert.deepEqual(
      lines.map((l) => l.index),
      RECORDS.map((_r, i) => i),
    );
  });

  it('asks the next page from the next record (start counts items, not lines)', async () => {
    const { lines, starts } = await readAll(ITEMS, 4);
    assert.equal(lines.length, RECORDS.length);
    assert.deepEqual(starts.slice(0, 3), [0, 4, 8]);
  });

  it('an item longer than the cap is shown as it came, never parsed', () => {
    const item = `- dt: '2023'\n  lvl: info\n  msg:\n${'    k: v\n'.repeat(MAX_FALLBACK_CHARS / 8)}`.trimEnd();
    assert.ok(item.length > MAX_FALLBACK_CHARS);
    const rec = parseBlockItem(item);
    assert.equal(rec.lvl, 'unparsed');
    assert.equal(rec.msg, item);
  });

  it('the usual three-line item is read without the library, exactly as the library reads it', () => {
    for (const msg of ["'a ''quoted'' word'", "''", 'plain words', "'yes'", 'yes', 'null', '12', "'x: y'"]) {
      const item = `- dt: '2023-01-01T00:00:00'\n  lvl: info\n  msg: ${msg}`;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const want = (require('yaml') as typeof import('yaml')).parse(item, { version: '1.1' }) as LogRecord[];
      const got = parseBlockItem(item);
      const expected = { ...want[0], msg: typeof want[0].msg === 'string' ? want[0].msg : want[0].msg === null ? '' : String(want[0].msg) };
      assert.deepEqual(got, expected, msg);
    }
  });
});
