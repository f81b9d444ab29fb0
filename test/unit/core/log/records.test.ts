import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse as yamlParse } from 'yaml';
import { flowDepthOver, MAX_DEPTH, parseRecordLine, parseRecords } from '../../../../src/core/log/records';
import { DATA_DIR, FIXTURES_DIR } from '../../../simulator/fixtures';

/** The library as the fallback reads a line: without its O(n²) duplicate-key check (src/core/yaml.ts), so the last key wins, as PyYAML reads it. */
const parse = (text: string): unknown => yamlParse(text, { uniqueKeys: false });

// Compiled to out/test/unit/: the fixtures stay in the source tree.
const FIXTURES = DATA_DIR;
const SHARED = FIXTURES_DIR; // ../shared/lava-fixtures next to the checkout (or $LAVA_FIXTURES)
const RUNS = ['complete', 'incomplete', 'canceled'];

function yamlRecord(line: string): unknown {
  return (yamlParse(line, { logLevel: 'error', uniqueKeys: false }) as unknown[])[0];
}

function fixtureLines(run: string): string[] {
  return fs
    .readFileSync(path.join(FIXTURES, run, 'output.yaml'), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

describe('lava records: parseRecordLine', () => {
  for (const run of RUNS) {
    it(`matches the yaml library on every line of ${run}/output.yaml`, () => {
      const lines = fixtureLines(run);
      assert.ok(lines.length > 500, `${run}: ${lines.length} lines`);
      for (const line of lines) assert.deepStrictEqual(parseRecordLine(line), yamlRecord(line), line);
    });
  }

  const sharedRuns = RUNS.filter((run) => fs.existsSync(path.join(SHARED, run, 'follow-rest.json')));
  (sharedRuns.length > 0 ? it : it.skip)('matches the yaml library on every REST poll body (shared fixtures)', () => {
    let n = 0;
    for (const run of sharedRuns) {
      const capture = JSON.parse(fs.readFileSync(path.join(SHARED, run, 'follow-rest.json'), 'utf8')) as {
        polls: { status: number; body: string; lines: number }[];
      };
      for (const poll of capture.polls) {
        if (poll.status !== 200) continue;
        const { records, rest } = parseRecords(poll.body);
        assert.strictEqual(rest, '');
        assert.strictEqual(records.length, poll.lines);
        assert.deepStrictEqual(records, parse(poll.body));
        n += records.length;
      }
    }
    assert.ok(n > 0);
  });

  it('reads the three shapes of msg', () => {
    const s = parseRecordLine('- {"dt": "2026-11-29T01:47:21.187286", "lvl": "info", "msg": "start: 0 validate"}');
    assert.deepStrictEqual(s, { dt: '2026-11-29T01:47:21.187286', lvl: 'info', msg: 'start: 0 validate' });
    const m = parseRecordLine(
      '- {"dt": "2026-11-29T01:49:31.068952", "lvl": "results", "msg": {"case": "job", "definition": "lava", "error_msg": "The job was canceled", "error_type": "Canceled", "result": "fail"}}',
    );
    assert.deepStrictEqual(m.msg, {
      case: 'job',
      definition: 'lava',
      error_msg: 'The job was canceled',
      error_type: 'Canceled',
      result: 'fail',
    });
    const l = parseRecordLine('- {"dt": "x", "lvl": "debug", "msg": ["-\\\\[ cut here \\\\]", "Oops(?: -|:)", [], {}]}');
    assert.deepStrictEqual(l.msg, ['-\\[ cut here \\]', 'Oops(?: -|:)', [], {}]);
  });

  it('keeps feedback ns and unknown keys, accepts unknown levels', () => {
    const line = '- {"dt": "2026-11-29T01:49:29.910012", "lvl": "feedback", "msg": "progress 2/150", "ns": "common", "extra_key": 3}';
    assert.deepStrictEqual(parseRecordLine(line), yamlRecord(line));
    assert.strictEqual(parseRecordLine(line).ns, 'common');
    const odd = '- {"dt": "2026-01-01T00:00:00+00:00", "lvl": "shiny-new-level", "msg": "hi"}';
    assert.deepStrictEqual(parseRecordLine(odd), { dt: '2026-01-01T00:00:00+00:00', lvl: 'shiny-new-level', msg: 'hi' });
  });

  it('handles tags and plain scalars exactly as the yaml library', () => {
    const cases = [
      '- {"dt": "d", "lvl": "results", "msg": {"measurement": ! "10", "units": "s", "size": ! "1031595"}}',
      '- {"dt": "d", "lvl": "results", "msg": {"m": !!int "10", "f": !!float "1.5", "s": !!str 10}}',
      '- {"dt": "d", "lvl": "results", "msg": {"a": 10, "b": -3, "c": 1.5, "d": -0, "e": 007, "f": 1e3, "g": -2.5E-3, "h": 123456789012345}}',
      '- {"dt": "d", "lvl": "results", "msg": {"a": 1234567890123456789, "b": 0x1F, "c": +5, "d": .5, "e": 1., "f": .inf}}',
      '- {"dt": "d", "lvl": "results", "msg": {"a": true, "b": False, "c": TRUE, "d": null, "e": ~, "f": NULL, "g": tRue}}',
      '- {"dt": "d", "lvl": "info", "msg": "x", "k": , "j": plain words, "i": !foo "x"}',
      '- {"dt":"d","lvl":"info","msg":"tight"}',
      '- {"dt" : "d" , "lvl" :"info",  "msg":  "spaced"  ,  }  ',
      '-\t{"dt": "d", "lvl": "info", "msg": "tab after dash"}',
      '- {"dt": "d", "lvl": "info", "msg": "c"} # a comment',
      `- {"dt": "d", "lvl": "info", "msg": 'single quoted it''s'}`,
      '- {dt: d, lvl: info, msg: plain}',
      '- {"dt": "d", "lvl": "info", "msg": [1, "two", [3], {"four": 4}, ]}',
      '- {"dt": "d", "lvl": "info", "msg": ["k": "v"]}',
      '- {"dt": "d", "lvl": "info", "msg": {"toString": 1, "constructor": 2, "hasOwnProperty": 3}}',
    ];
    for (const line of cases) assert.deepStrictEqual(parseRecordLine(line), yamlRecord(line), line);
  });

  it('decodes every YAML double-quote escape', () => {
    const line =
      '- {"dt": "d", "lvl": "target", "msg": "\\e[6n\\t\\"q\\" \\\\ \\n\\r\\0\\a\\b\\v\\f\\/\\ \\N\\_\\L\\P \\xE9 \\x1b \\u2026 \\U0001F600 \\uD800 caf\\xe9"}';
    const rec = parseRecordLine(line);
    assert.deepStrictEqual(rec, yamlRecord(line));
    assert.strictEqual(rec.msg, '\x1b[6n\t"q" \\ \n\r\0\x07\b\v\f/ \u0085\u00a0\u2028\u2029 \u00e9 \x1b \u2026 \u{1F600} \ud800 caf\u00e9');
    const tab = '- {"dt": "d", "lvl": "info", "msg": "a\\\tb raw\ttab"}';
    assert.deepStrictEqual(parseRecordLine(tab), yamlRecord(tab));
    assert.strictEqual(parseRecordLine(tab).msg, 'a\tb raw\ttab');
  });

  it('matches the yaml library on 3000 seeded random strings of quotes, escapes, control characters and text', () => {
    // Pieces that matter to the string scanner: its stops (quote, backslash, control characters),
    // escapes valid and not, raw TAB (kept), and runs of ordinary and non-ASCII text between them.
    const pieces = ['a', 'plain text ', 'é', '😀', '\\t', '\\\\', '\\"', '\\n', '\\x41', '\\u2026', '\\e', '\\q', '\\', '"', '\t'];
    const raw = ['\u0001', '\u001f', '\u007f', '\u0085', '\u2028', '\r', '\u0000'];
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let fast = 0;
    for (let k = 0; k < 3000; k++) {
      let msg = '';
      for (let j = rand(12); j > 0; j--) msg += rand(6) === 0 ? raw[rand(raw.length)] : pieces[rand(pieces.length)];
      const line = `- {"dt": "d", "lvl": "target", "msg": "${msg}", "k": "${msg.slice(0, 3)}"}`;
      let want: unknown;
      try {
        want = yamlRecord(line);
      } catch {
        want = undefined;
      }
      const got = parseRecordLine(line);
      if (want && typeof want === 'object' && typeof (want as { msg?: unknown }).msg === 'string' && got.lvl !== 'unparsed') {
        assert.deepStrictEqual(got, want, JSON.stringify(line));
        fast++;
      } else if (got.lvl !== 'unparsed') {
        assert.deepStrictEqual(got, want, JSON.stringify(line));
      }
    }
    assert.ok(fast > 500, `only ${fast} of the random lines were read as records`);
  });

  it('matches the yaml library on 3000 seeded usual records (the JSON way) and near misses of the usual shape', () => {
    // The usual record is read by JSON.parse: its strings, escapes and raw characters must mean what YAML's do,
    // and anything after the message (a duplicate key, a comment, blanks) must not be taken for the usual shape.
    const pieces = [
      'a',
      'text ',
      'é',
      '😀',
      '\\t',
      '\\\\',
      '\\"',
      '\\n',
      '\\/',
      '\\b',
      '\\u00e9',
      '\\ud83d\\ude00',
      '\\x41',
      '\\e',
      '\\q',
      '\\',
      '"',
      '\t',
    ];
    const raw = ['\u0001', '\u001f', '\u007f', '\u0085', '\u2028', '\r', '\u0000', '\ufeff'];
    const tails = ['"}', '"}', '"}', '" }', '", "msg": "x"}', '"} # c', '", "ns": "n"}', '"}}', '"'];
    let seed = 777;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let read = 0;
    for (let k = 0; k < 3000; k++) {
      let msg = '';
      for (let j = rand(10); j > 0; j--) msg += rand(8) === 0 ? raw[rand(raw.length)] : pieces[rand(pieces.length)];
      const line = `- {"dt": "2023-01-24T05:24:00.1${rand(10)}", "lvl": "${['target', 'info', 'debug'][rand(3)]}", "msg": "${msg}${tails[rand(tails.length)]}`;
      let want: unknown;
      try {
        want = yamlRecord(line);
      } catch {
        want = undefined;
      }
      const got = parseRecordLine(line);
      if (got.lvl === 'unparsed') assert.strictEqual(got.msg, line);
      else {
        assert.deepStrictEqual(got, want, JSON.stringify(line));
        read++;
      }
    }
    assert.ok(read > 1000, `only ${read} of the random lines were read as records`);
  });

  it('keeps non-ASCII text as is', () => {
    const line = '- {"dt": "d", "lvl": "target", "msg": "héllo … 😀 ünïcödé"}';
    assert.strictEqual(parseRecordLine(line).msg, 'héllo … 😀 ünïcödé');
  });

  it('parses a 100 kB line', () => {
    const big = 'x'.repeat(50_000) + '\\"' + 'é'.repeat(50_000);
    const line = `- {"dt": "2026-11-29T01:47:21", "lvl": "target", "msg": "${big}"}`;
    const rec = parseRecordLine(line);
    assert.strictEqual((rec.msg as string).length, 100_001);
    assert.deepStrictEqual(rec, yamlRecord(line));
  });

  it('never throws on invalid lines', () => {
    const bad = [
      '- {"dt": "d", "lvl": "info", "msg": "unterminated',
      '- {"dt": "d", "lvl": "info", "msg": "bad escape \\q"}',
      '- {"dt": "d", "lvl": "info", "msg": "bad hex \\xZZ"}',
      '- {"dt": "d", "lvl": "info", "msg": "too big \\UFFFFFFFF"}',
      '- {"dt": "d", "lvl": "info", "msg": "x"}}',
      '{{{{',
      '- [1, 2',
      '<html><body>Server Error (500)</body></html>',
      ': : :',
    ];
    for (const line of bad) {
      const rec = parseRecordLine(line);
      assert.deepStrictEqual(rec, { dt: '', lvl: 'unparsed', msg: line }, line);
    }
  });

  it('reads a line with a repeated key as PyYAML does (the last one wins), without the quadratic check', () => {
    const line = '- {"dt": "d", "dt": "e", "lvl": "info", "msg": "duplicate key"}';
    assert.deepStrictEqual(parseRecordLine(line), { dt: 'e', lvl: 'info', msg: 'duplicate key' });
  });

  it('turns lines that are valid YAML but not records into unparsed records', () => {
    for (const line of ['- 42', '- "just a string"', '- [1, 2]', 'plain text', '- {"dt": "d", "msg": "no level"}', '- {"lvl": 7}']) {
      assert.deepStrictEqual(parseRecordLine(line), { dt: '', lvl: 'unparsed', msg: line }, line);
    }
  });

  it('makes odd records fit the LogRecord type', () => {
    assert.deepStrictEqual(parseRecordLine('- {"lvl": "info"}'), { lvl: 'info', dt: '', msg: '' });
    assert.deepStrictEqual(parseRecordLine('- {"dt": 5, "lvl": "info", "msg": 42}'), { dt: '5', lvl: 'info', msg: '42' });
    assert.deepStrictEqual(parseRecordLine('- {"dt": "d", "lvl": "info", "msg": null}'), { dt: 'd', lvl: 'info', msg: '' });
    assert.deepStrictEqual(parseRecordLine('{"dt": "d", "lvl": "info", "msg": "no dash"}'), { dt: 'd', lvl: 'info', msg: 'no dash' });
  });

  it('ignores a trailing CR', () => {
    assert.deepStrictEqual(parseRecordLine('- {"dt": "d", "lvl": "info", "msg": "crlf"}\r'), { dt: 'd', lvl: 'info', msg: 'crlf' });
  });
});

describe('lava records: parseRecords', () => {
  it('parses a whole output.yaml like the yaml library', () => {
    for (const run of RUNS) {
      const body = fs.readFileSync(path.join(FIXTURES, run, 'output.yaml'), 'utf8');
      const { records, rest } = parseRecords(body);
      assert.strictEqual(rest, '');
      assert.deepStrictEqual(records, parse(body));
    }
  });

  it('returns a last line without its line break in rest, unparsed', () => {
    const body = '- {"dt": "a", "lvl": "info", "msg": "one"}\n- {"dt": "b", "lvl": "info", "msg": "two"}\n- {"dt": "c", "lvl": "inf';
    const { records, rest } = parseRecords(body);
    assert.deepStrictEqual(
      records.map((r) => r.msg),
      ['one', 'two'],
    );
    assert.strictEqual(rest, '- {"dt": "c", "lvl": "inf');
    const next = parseRecords(rest + 'o", "msg": "three"}\n');
    assert.deepStrictEqual(next.records, [{ dt: 'c', lvl: 'info', msg: 'three' }]);
    assert.strictEqual(next.rest, '');
  });

  it('skips blank lines, accepts CRLF, and keeps going after a bad line', () => {
    const body =
      '\n- {"dt": "a", "lvl": "info", "msg": "one"}\r\n   \n- {"dt": "b", "lvl": \n- {"dt": "c", "lvl": "error", "msg": "three"}\n';
    const { records, rest } = parseRecords(body);
    assert.strictEqual(rest, '');
    assert.deepStrictEqual(records, [
      { dt: 'a', lvl: 'info', msg: 'one' },
      { dt: '', lvl: 'unparsed', msg: '- {"dt": "b", "lvl": ' },
      { dt: 'c', lvl: 'error', msg: 'three' },
    ]);
  });

  it('gives nothing for an empty body', () => {
    assert.deepStrictEqual(parseRecords(''), { records: [], rest: '', lines: 0 });
    assert.deepStrictEqual(parseRecords('\n\n'), { records: [], rest: '', lines: 2 });
  });
});

describe('lava records: hostile lines', () => {
  const head = '- {"dt": "2026-11-29T01:47:21.187286", "lvl": "info", "msg": ';

  /** Parses `line`, and says how long it took (ms). */
  function timed(line: string): { record: ReturnType<typeof parseRecordLine>; ms: number } {
    const t0 = process.hrtime.bigint();
    const record = parseRecordLine(line);
    return { record, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
  }

  it('reads a record nested up to MAX_DEPTH like the yaml library, and gives up past it', () => {
    const inner = MAX_DEPTH - 1; // the record's own mapping is one level
    const ok = `${head}${'['.repeat(inner)}"x"${']'.repeat(inner)}}`;
    assert.deepStrictEqual(parseRecordLine(ok), yamlRecord(ok));
    const deeper = `${head}${'['.repeat(inner + 1)}"x"${']'.repeat(inner + 1)}}`;
    assert.deepStrictEqual(parseRecordLine(deeper), { dt: '', lvl: 'unparsed', msg: deeper });
  });

  for (const depth of [10_000, 100_000]) {
    for (const [name, open, close] of [
      ['sequences', '[', ']'],
      ['mappings', '{"a": ', '}'],
    ] as const) {
      it(`gives a ${depth}-deep line of ${name} as an unparsed record, quickly, closed or not`, () => {
        for (const line of [`${head}${open.repeat(depth)}1${close.repeat(depth)}}`, `- ${open.repeat(depth)}`]) {
          const { record, ms } = timed(line);
          assert.deepStrictEqual(record, { dt: '', lvl: 'unparsed', msg: line });
          assert.ok(ms < 2000, `${ms} ms`); // generous (a busy machine); a blow-up would take far longer
        }
      });
    }
  }

  it('gives a YAML alias bomb as an unparsed record, quickly', () => {
    let bomb = `${head}[&a0 ["lol"]`;
    for (let i = 1; i < 12; i++) bomb += `, &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`;
    bomb += ']}';
    const { record, ms } = timed(bomb);
    assert.deepStrictEqual(record, { dt: '', lvl: 'unparsed', msg: bomb });
    assert.ok(ms < 5000, `${ms} ms`); // generous (a busy machine); 10^11 expanded aliases would never end
    // A few aliases, as a YAML dumper may write them, are still read.
    const few = `${head}[&a ["x"], *a, *a]}`;
    assert.deepStrictEqual(parseRecordLine(few).msg, [['x'], ['x'], ['x']]);
  });

  it('counts brackets only outside quotes when it decides a line is too deep', () => {
    const quoted = `${head}"${'['.repeat(1000)}", "x": '${'{'.repeat(1000)}'}`;
    assert.equal(flowDepthOver(quoted, MAX_DEPTH), false);
    assert.equal(parseRecordLine(quoted).lvl, 'info');
    assert.equal(flowDepthOver(`- ${'['.repeat(MAX_DEPTH + 1)}`, MAX_DEPTH), true);
  });

  it('counts every complete line, blank ones too, as LAVA does for logs/?start=', () => {
    const body = `${head}"a"}\n\n   \n${head}"b"}\r\n${head}"c`;
    const { records, rest, lines } = parseRecords(body);
    assert.deepStrictEqual(
      records.map((r) => r.msg),
      ['a', 'b'],
    );
    assert.equal(lines, 4);
    assert.equal(rest, `${head}"c`);
  });
});
