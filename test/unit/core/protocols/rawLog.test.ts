// Save Job Log As…'s reading: the raw log page by page over real HTTP (the simulator, a loopback server).
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRawLog } from '../../../../src/core/protocols/rawLog';
import { isAbort, LavaError } from '../../../../src/core/net/errors';
import { loadOutputYaml } from '../../../simulator/fixtures';
import { LavaSimulator } from '../../../simulator/server';
import { generateLog } from '../../helpers';

const fetch = globalThis.fetch.bind(globalThis);

function until(check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`never: ${what}`)), 10_000);
    const look = () => {
      if (check()) {
        clearTimeout(guard);
        resolve();
      } else setTimeout(look, 1);
    };
    look();
  });
}

describe('readRawLog: the raw log, page by page, to a writer', () => {
  let sim: LavaSimulator;
  beforeEach(async () => {
    sim = await LavaSimulator.start({ port: 0 });
  });
  afterEach(async () => {
    await sim.close();
  });

  it("REST: LAVA's output.yaml byte for byte, in pages of pageLines lines, each written as it arrives", async () => {
    const records = loadOutputYaml('incomplete');
    sim.addRestJob({ id: '31', records, health: 'Incomplete', batchIntervalMs: 0, linesPerSecond: 1_000_000, finishDelayMs: 0 });
    await until(() => sim.restJob('31').lines(0).length === records.length, 'the whole log visible');
    const pieces: Uint8Array[] = [];
    const pageLines = 7;
    const bytes = await readRawLog({
      api: 'rest',
      serverUrl: sim.url,
      jobId: '31',
      fetch,
      timeoutMs: 5000,
      pageLines,
      write: (b) => pieces.push(b.slice()),
    });
    const expected = records.map((l) => `${l}\n`).join('');
    assert.equal(Buffer.concat(pieces).toString('utf8'), expected);
    assert.equal(bytes, Buffer.byteLength(expected));
    const pages = sim.requests.filter((r) => r.path === '/api/v0.2/jobs/31/logs/');
    assert.equal(pages.length, Math.floor(records.length / pageLines) + 1, 'one request a page, the last one short (or a 404)');
  });

  it('log-tail: the log text as it is, in pieces', async () => {
    const log = generateLog(3000, 7);
    sim.addLogTailJob({ id: '32', log, intervalMs: 0 });
    await until(() => sim.logTailJob('32').finished, 'the log-tail job finished');
    const pieces: Uint8Array[] = [];
    await readRawLog({ api: 'log-tail', serverUrl: sim.url, jobId: '32', fetch, timeoutMs: 5000, write: (b) => pieces.push(b.slice()) });
    assert.ok(Buffer.concat(pieces).equals(log));
    assert.ok(pieces.length > 1, 'written in pieces');
  });

  it('a cancelled save stops at once (an abort)', async () => {
    sim.addRestJob({ id: '33', records: loadOutputYaml('complete'), health: 'Complete', batchIntervalMs: 0, linesPerSecond: 1_000_000 });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      readRawLog({
        api: 'rest',
        serverUrl: sim.url,
        jobId: '33',
        fetch,
        timeoutMs: 5000,
        signal: controller.signal,
        write: () => undefined,
      }),
      (err) => isAbort(err),
    );
  });
});

describe('readRawLog: an answer that is not the log is never saved', () => {
  let server: http.Server;
  let url: string;
  let body = '';
  let type = '';
  before(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': type });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const rows: [string, string, string][] = [
    ['a login page', 'text/html; charset=utf-8', '<!DOCTYPE html><html><body>Log in</body></html>'],
    ['JSON', 'application/json', '{"detail": "Not found."}'],
    ['not YAML records', 'application/yaml', 'hello\n'],
  ];
  for (const [name, contentType, text] of rows) {
    it(name, async () => {
      body = text;
      type = contentType;
      const written: Uint8Array[] = [];
      await assert.rejects(
        readRawLog({ api: 'rest', serverUrl: url, jobId: '1', fetch, timeoutMs: 5000, write: (b) => written.push(b) }),
        (err) => err instanceof LavaError && err.kind === 'bad-response',
      );
      assert.equal(written.length, 0);
    });
  }
});
