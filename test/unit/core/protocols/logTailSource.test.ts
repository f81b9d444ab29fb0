import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { LavaError } from '../../../../src/core/net/errors';
import { HTML_ANSWER } from '../../../../src/core/net/http';
import { LogBatch, LogData } from '../../../../src/core/follow/logSource';
import { LogTailOptions, LogTailSource, PIECE_CHARS } from '../../../../src/core/protocols/logTailSource';
import { pythonJsonDumps } from '../../../simulator/respond';
import { LavaSimulator } from '../../../simulator/server';
import { generateLog, VirtualClock } from '../../helpers';

/**
 * A real HTTP server whose log-tail answers a test writes by hand (the simulator's
 * faults cover the kinds a server really sends; these are the corner cases of the rules).
 */
class ScriptedServer {
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    /** The `start` of each request, in order. */
    readonly starts: number[],
  ) {}

  static async start(answer: (start: number) => { body: string | Buffer; type?: string }): Promise<ScriptedServer> {
    const starts: number[] = [];
    const server = http.createServer((req, res) => {
      const start = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('start'));
      starts.push(start);
      const { body, type } = answer(start);
      res.writeHead(200, { 'Content-Type': type ?? 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ScriptedServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, starts);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function answer(start: number, newSize: number, content: string, isFinished = false): { body: string } {
  void start;
  return { body: pythonJsonDumps({ is_finished: isFinished, new_size: newSize, content }) };
}

/** What a log-tail source hands over: text, always. */
function textOf(data: LogData): string {
  assert.equal(data.kind, 'text');
  return data.kind === 'text' ? data.text : '';
}

/** One poll: what was handed over, the batch, and the offset after it. */
async function poll(
  source: LogTailSource,
): Promise<{ text: string; pieces: string[]; batch?: LogBatch; error?: LavaError; position: number }> {
  const pieces: string[] = [];
  try {
    const batch = await source.next(new AbortController().signal, (d) => pieces.push(textOf(d)));
    return { text: pieces.join(''), pieces, batch, position: source.position };
  } catch (err) {
    if (!(err instanceof LavaError)) throw err;
    return { text: pieces.join(''), pieces, error: err, position: source.position };
  }
}

describe('LogTailSource: what an answer may be handed over as', function () {
  this.timeout(20000);
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function source(extra: Partial<LogTailOptions> = {}): LogTailSource {
    return new LogTailSource({ fetch, serverUrl: server!.url, jobId: '1', timeoutMs: 5000, ...extra });
  }

  it('hands over only the text before a character cut at new_size, and does not end with is_finished until it is whole', async () => {
    // "abc✓": ✓ is E2 9C 93; new_size 5 cuts it after two bytes, content "abc\uFFFD".
    server = await ScriptedServer.start((start) =>
      start === 0 ? answer(start, 5, 'abc\uFFFD', true) : start === 3 ? answer(start, 6, '✓', true) : answer(start, 6, ''),
    );
    const s = source();
    const first = await poll(s);
    assert.equal(first.error, undefined);
    assert.equal(first.text, 'abc');
    assert.equal(first.position, 3);
    assert.equal(first.batch?.finished, false, 'ended early: the cut character is still to come');
    assert.equal(first.batch?.more, true);
    const second = await poll(s);
    assert.equal(second.text, '✓');
    assert.equal(second.batch?.finished, true);
    assert.deepEqual(server.starts, [0, 3]);
  });

  it('waits without error while the log ends inside its only new character (content is one U+FFFD)', async () => {
    server = await ScriptedServer.start((start) => answer(start, start + 2, '\uFFFD'));
    const s = source();
    const r = await poll(s);
    assert.equal(r.error, undefined);
    assert.equal(r.text, '');
    assert.equal(r.position, 0);
    assert.equal(r.batch?.finished, false);
    assert.ok(!r.batch?.more);
  });

  it('refuses an answer that begins inside a character (stray continuation bytes, U+FFFD first), showing nothing', async () => {
    server = await ScriptedServer.start((start) => answer(start, start + 5, '\uFFFDabc'));
    const r = await poll(source());
    assert.equal(r.error?.kind, 'bad-response');
    assert.match(r.error!.message, /starts inside a character/);
    assert.equal(r.text, '');
    assert.equal(r.position, 0);
  });

  it('shows a U+FFFD that is in the log (the lengths agree)', async () => {
    server = await ScriptedServer.start((start) => answer(start, 8, 'a\uFFFDb\uFFFD', true));
    const r = await poll(source());
    assert.equal(r.text, 'a\uFFFDb\uFFFD');
    assert.equal(r.batch?.finished, true);
  });

  for (const [name, newSize, content] of [
    ['longer than new_size says', 3, 'abcd'],
    ['shorter than new_size says', 10, 'abcd'],
    ['empty while new_size grew', 10, ''],
  ] as const) {
    it(`refuses content ${name}, showing none of it`, async () => {
      server = await ScriptedServer.start((start) => answer(start, newSize, content));
      const r = await poll(source());
      assert.equal(r.error?.kind, 'bad-response');
      assert.match(r.error!.message, /bytes of content where new_size − start is/);
      assert.equal(r.text, '');
      assert.equal(r.position, 0);
    });
  }

  it('skips what it already showed when an answer to start > 0 begins at 0 (start ignored), and only then', async () => {
    const log = 'first line\nsecond line é\n';
    const size = Buffer.byteLength(log);
    let mode: 'normal' | 'from0' | 'lookalike' = 'normal';
    server = await ScriptedServer.start((start) => {
      if (start === 0) return answer(start, 11, log.slice(0, 11));
      if (mode === 'from0') return answer(start, size, log, true);
      // Same length as an answer from 0, but not the log's beginning: a wrong answer.
      return answer(start, size, 'x'.repeat(size), true);
    });
    const s = source();
    assert.equal((await poll(s)).text, 'first line\n');
    mode = 'lookalike';
    const wrong = await poll(s);
    assert.equal(wrong.error?.kind, 'bad-response');
    assert.equal(wrong.text, '');
    mode = 'from0';
    const r = await poll(s);
    assert.equal(r.text, 'second line é\n');
    assert.equal(r.position, size);
    assert.equal(r.batch?.finished, true);
  });

  it('starts again from 0 when new_size < start, showing nothing of that answer', async () => {
    let restarted = false;
    server = await ScriptedServer.start((start) =>
      start === 0 ? answer(start, restarted ? 3 : 6, restarted ? 'new' : 'abcdef') : answer(start, 2, 'zz'),
    );
    const s = source();
    assert.equal((await poll(s)).text, 'abcdef');
    restarted = true;
    const r = await poll(s);
    assert.deepEqual(r.batch?.event, { kind: 'restarted' });
    assert.equal(r.text, '');
    assert.equal(r.position, 0);
    assert.equal((await poll(s)).text, 'new');
  });

  it('reads the fields in any order (content first, unknown keys), from 0 and from start > 0', async () => {
    server = await ScriptedServer.start((start) => ({
      body: `{"content": ${JSON.stringify(start === 0 ? 'ab🚀' : 'cd')}, "extra": {"k": [1, 2]}, "new_size": ${start === 0 ? 6 : 8}, "is_finished": ${start !== 0}}`,
    }));
    const s = source();
    assert.equal((await poll(s)).text, 'ab🚀');
    const r = await poll(s);
    assert.equal(r.text, 'cd');
    assert.equal(r.batch?.finished, true);
  });

  it('names an HTML page as such, by its Content-Type or by its first bytes', async () => {
    for (const type of ['text/html; charset=utf-8', 'application/json']) {
      server = await ScriptedServer.start(() => ({ body: '<!DOCTYPE html><html><head><title>Sign in</title></head></html>', type }));
      const r = await poll(source());
      assert.equal(r.error?.kind, 'bad-response');
      assert.ok(r.error!.message.includes(HTML_ANSWER), r.error!.message);
      await server.close();
      server = undefined;
    }
  });

  it('holds an answer to start > 0 only up to its limit, then decides from what came: from 0, at start, or cannot tell', async () => {
    const big = 'y'.repeat(200_000) + '\n';
    let kind: 'from0' | 'at-start' | 'lookalike' | 'fffd' = 'from0';
    server = await ScriptedServer.start((start) => {
      if (start === 0) return answer(start, 4, 'head');
      if (start === 4 && kind !== 'from0') {
        if (kind === 'at-start') return answer(start, 4 + big.length, big);
        if (kind === 'lookalike') return answer(start, 4 + big.length, 'head' + big.slice(4));
        return answer(start, 4 + big.length, '\uFFFD' + big.slice(3));
      }
      // A proxy that ignores start: the whole log, 'head' + big, whose length is start..new_size's until its last 4 bytes.
      return answer(start, 4 + big.length, 'head' + big);
    });
    const opts = { holdLimitBytes: 50_000, pieceChars: 10_000 };
    let s = source(opts);
    await poll(s);
    const first = await poll(s);
    assert.equal(first.error?.kind, 'bad-response');
    assert.match(first.error!.message, /cannot tell which/);
    assert.equal(first.text, '');

    kind = 'at-start';
    s = source(opts);
    await poll(s);
    const atStart = await poll(s);
    assert.equal(atStart.error, undefined);
    assert.ok(atStart.text === big, 'not the log after what was shown');
    assert.ok(atStart.pieces.length > 2, `${atStart.pieces.length} pieces: not streamed once the limit was reached`);

    kind = 'lookalike'; // begins like the log: cannot be told from an answer from 0 before its end
    s = source(opts);
    await poll(s);
    assert.match((await poll(s)).error?.message ?? '', /cannot tell which/);

    kind = 'fffd';
    s = source(opts);
    await poll(s);
    const fffd = await poll(s);
    assert.equal(fffd.error?.kind, 'bad-response');
    assert.match(fffd.error!.message, /after a U\+FFFD/);
    assert.equal(fffd.text, '');
  });

  it('skips the part already shown of an answer from 0 larger than the hold limit as it arrives', async () => {
    const big = 'y'.repeat(200_000) + '\n';
    const log = big + 'tail\n';
    let whole = false;
    server = await ScriptedServer.start((start) => {
      if (!whole) return answer(start, big.length, big);
      return answer(start, Buffer.byteLength(log), log, true); // start ignored
    });
    const s = source({ holdLimitBytes: 50_000, pieceChars: 10_000 });
    assert.ok((await poll(s)).text === big);
    whole = true;
    const r = await poll(s);
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'tail\n');
    assert.equal(r.batch?.finished, true);
    assert.equal(s.position, Buffer.byteLength(log));
  });
});

describe('LogTailSource: streaming a large answer (simulator)', function () {
  this.timeout(20000);
  let sim: LavaSimulator;
  beforeEach(async () => {
    sim = await LavaSimulator.start({ port: 0 });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('hands a finished log over in pieces of at least PIECE_CHARS (32 k characters), advancing its offset with each', async () => {
    const log = generateLog(30000, 3);
    sim.addLogTailJob({ id: '1', log, intervalMs: 0 });
    const s = new LogTailSource({ fetch, serverUrl: sim.url, jobId: '1', timeoutMs: 5000 });
    const pieces: { text: string; position: number }[] = [];
    const batch = await s.next(new AbortController().signal, (d) => pieces.push({ text: textOf(d), position: s.position }));
    assert.equal(batch.finished, true);
    assert.ok(pieces.length > 5, `${pieces.length} pieces`);
    let at = 0;
    for (const [k, p] of pieces.entries()) {
      assert.equal(p.position, at, 'the offset is not the end of what was handed over');
      if (k < pieces.length - 1) assert.ok(p.text.length >= PIECE_CHARS);
      at += Buffer.byteLength(p.text);
    }
    assert.equal(s.position, log.length);
    assert.ok(Buffer.from(pieces.map((p) => p.text).join('')).equals(log));
  });
});

describe('LogTailSource: a 100 MB log over a link slower than the deadline assumes (virtual clock)', () => {
  const TOTAL = 100 * 1024 * 1024;
  const LINE = 'x'.repeat(1023) + '\n';
  let server: http.Server;
  let url = '';
  const starts: number[] = [];

  before(async () => {
    // The log-tail answer to ?start=S: the log's bytes [S, TOTAL), streamed (never one string).
    server = http.createServer((req, res) => {
      const start = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('start'));
      starts.push(start);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(`{"is_finished": true, "new_size": ${TOTAL}, "content": "`);
      let at = start;
      const first = LINE.slice(at % LINE.length);
      const piece = LINE.repeat(256);
      const more = () => {
        while (at < TOTAL) {
          const text = (at === start && first.length < LINE.length ? first : piece).slice(0, TOTAL - at);
          at += text.length;
          if (!res.write(text.replace(/\n/g, '\\n'))) return void res.once('drain', more);
        }
        res.end('"}');
      };
      more();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  it('is cut at the deadline (1084 s) and resumed where its text stopped: the whole log, each byte once', async function () {
    this.timeout(120_000);
    const clock = new VirtualClock();
    const RATE = 48 * 1024; // bytes per second: slower than the 64 KiB/s the deadline assumes
    // The network: every piece of body costs its time at RATE on the virtual clock.
    const slow: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const reader = res.body!.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const step = await reader.read();
          if (step.done) return controller.close();
          clock.advance((step.value.byteLength * 1000) / RATE);
          controller.enqueue(step.value);
        },
        cancel: () => reader.cancel(),
      });
      return new Response(body, { status: res.status, headers: res.headers });
    };
    const source = new LogTailSource({ fetch: slow, serverUrl: url, jobId: '1', timeoutMs: 30_000, clock });
    let received = 0;
    let wrong = 0;
    const deliver = (data: LogData) => {
      const text = textOf(data);
      for (let i = 0; i < text.length; i += LINE.length * 64) if (text.charCodeAt(i) !== 0x78 && text.charCodeAt(i) !== 0x0a) wrong++;
      received += text.length;
    };
    const errors: string[] = [];
    let batch: LogBatch | undefined;
    for (let attempt = 0; attempt < 5 && !batch?.finished; attempt++) {
      try {
        batch = await source.next(new AbortController().signal, deliver);
      } catch (err) {
        errors.push(`${(err as LavaError).kind}: ${(err as Error).message}`);
      }
    }
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /^timeout: .* took more than 1084 s/);
    assert.equal(starts.length, 2);
    assert.ok(starts[1] > 40 * 1024 * 1024, `resumed at ${starts[1]}`);
    assert.equal(received, TOTAL);
    assert.equal(source.position, TOTAL);
    assert.equal(wrong, 0);
  });
});
