/**
 * Hostile YAML, row by row (issue 19, hole 1): each row is one input through a real code path (a job
 * definition, a log line, a workspace file, lavacli.yaml, a job's stored definition over REST) and the
 * outcome expected. Every row also checks the work done, by counts, not time: the characters handed to
 * the `yaml` library (at most the path's cap; none when the text is refused or only looked at), and
 * that the library never runs its O(n²) duplicate-key check (`uniqueKeys` off in every call).
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { parseLavacliConfig } from '../../../src/core/config/lavacliConfig';
import { MAX_FALLBACK_CHARS, parseRecordLine } from '../../../src/core/log/records';
import { MAX_DEFINITION_CHARS, MAX_YAML_PROBLEMS, readDefinition } from '../../../src/core/submit/definition';
import { MAX_JOB_FILE_CHARS } from '../../../src/core/submit/definitionText';
import { subJobsOf } from '../../../src/core/submit/jobActions';
import { checkDefinition, looksLikeJobDefinition } from '../../../src/core/submit/jobLoop';
import { definitionRefusalText } from '../../../src/core/text/submitText';
import { HEAD, manyKeysDefinition, manyKeysLine } from '../../fixtures/hostileYaml';
import { YamlSpy } from '../yamlSpy';

interface Row {
  name: string;
  run: () => Promise<void> | void;
  /** The most characters the library may be given for the row (0: not parsed at all). */
  maxChars: number;
}

function serveJob(definition: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    const body = JSON.stringify({ id: 7, definition, health: 'Unknown', state: 'Running' });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

const big = manyKeysDefinition(40_000);

const rows: Row[] = [
  {
    name: 'a 0.5 MB definition with 40 000 metadata keys: refused before any parse, the size and the limit said',
    maxChars: 0,
    run: () => {
      assert.ok(big.length > 500_000);
      const def = readDefinition(big);
      assert.equal(def.refused, 'too-big');
      assert.equal(def.kind, 'job', 'still recognised (from its text)');
      assert.equal(def.yamlErrors.length, 1);
      assert.match(def.yamlErrors[0].message, /^The job definition is \d+ KB: LAVA Follow reads up to 64 KB of YAML/);
      assert.equal(def.yamlErrors[0].range.startLine, 0);
    },
  },
  {
    name: 'the same definition submitted or validated: refused as too big, a clear sentence, nothing sent',
    maxChars: 0,
    run: () => {
      const check = checkDefinition(big);
      assert.equal(check.ok, false);
      assert.equal(!check.ok && check.reason, 'too-big');
      const text = definitionRefusalText(check.ok ? 'empty' : check.reason, 'submit', check.ok ? undefined : check.detail);
      assert.match(text, /is \d+ KB: LAVA Follow reads up to 64 KB of YAML .* Nothing was sent\.$/);
    },
  },
  {
    name: 'a definition just under the cap (2 000 keys) is parsed once, in full, without the duplicate-key scan',
    maxChars: MAX_DEFINITION_CHARS,
    run: () => {
      const text = manyKeysDefinition(2_000);
      assert.ok(text.length < MAX_DEFINITION_CHARS);
      const def = readDefinition(text);
      assert.deepEqual(def.yamlErrors, []);
      assert.equal(def.kind, 'job');
    },
  },
  {
    name: 'a repeated top-level key is still reported, on the repeated key',
    maxChars: 100,
    run: () => {
      const def = readDefinition('job_name: a\nactions: []\njob_name: b\n');
      assert.deepEqual(
        def.yamlErrors.map((e) => [e.message, e.range]),
        [['Map keys must be unique', { startLine: 2, startCol: 0, endLine: 2, endCol: 8 }]],
      );
    },
  },
  {
    name: 'a repeated key deep in metadata, among 2 000 keys, is found (one walk with a Set)',
    maxChars: MAX_DEFINITION_CHARS,
    run: () => {
      const text = `${manyKeysDefinition(2_000)}  key17: again\n`;
      const def = readDefinition(text);
      assert.equal(def.yamlErrors.length, 1);
      assert.equal(def.yamlErrors[0].message, 'Map keys must be unique');
      assert.equal(def.yamlErrors[0].range.startLine, text.split('\n').length - 2);
    },
  },
  {
    name: 'YAML 1.1 keys that read the same (yes / true) are the same key, as PyYAML reads them',
    maxChars: 100,
    run: () => {
      const def = readDefinition('job_name: a\nactions: []\nflags: {yes: 1, true: 2}\n');
      assert.deepEqual(
        def.yamlErrors.map((e) => e.message),
        ['Map keys must be unique'],
      );
    },
  },
  {
    name: 'thousands of repeated keys: the problems are capped',
    maxChars: MAX_DEFINITION_CHARS,
    run: () => {
      const text = `${HEAD}metadata:\n${'  same: 1\n'.repeat(2_000)}`;
      const def = readDefinition(text);
      assert.equal(def.yamlErrors.length, MAX_YAML_PROBLEMS);
    },
  },
  {
    name: 'a short definition of many tiny nodes (40 KB of `[1,1,1,…]`, the slowest shape): refused for its items',
    maxChars: 0,
    run: () => {
      const def = readDefinition(`job_name: x\nactions: []\nm: [${'1,'.repeat(20_000)}]\n`);
      assert.equal(def.refused, 'too-big');
      assert.match(def.yamlErrors[0].message, /^The job definition has more than 6000 YAML items/);
    },
  },
  {
    name: 'compact block nesting `- - - …` 20 000 deep (the library overflows the stack): refused as too deep',
    maxChars: 0,
    run: () => {
      const def = readDefinition(`${'- '.repeat(20_000)}x\n`);
      assert.equal(def.refused, 'too-deep');
      assert.match(def.yamlErrors[0].message, /nested more than 64 levels deep/);
    },
  },
  {
    name: 'implicit keys in a row `a: a: a: …` 3 000 deep (found by the fuzz test: the library overflows the stack): refused',
    maxChars: 0,
    run: () => assert.equal(readDefinition(`job_name: x\nactions:\n- bo${'ot: '.repeat(3_000)}\n`).refused, 'too-deep'),
  },
  {
    name: 'stray closers do not break the chain: `ame: t}, ame: t}, …` (found by the fuzz test): refused',
    maxChars: 0,
    run: () => assert.equal(readDefinition(`job_name: x\nactions:\n- a${'me: t}, a'.repeat(2_000)}\n`).refused, 'too-deep'),
  },
  {
    name: 'a flow mapping of 200 keys on one line is siblings, not nesting: parsed',
    maxChars: 10_000,
    run: () => {
      const keys = Array.from({ length: 200 }, (_v, i) => `k${i}: v`).join(', ');
      const def = readDefinition(`job_name: x\nactions: []\nmetadata: {${keys}}\n`);
      assert.equal(def.refused, undefined);
      assert.deepEqual(def.yamlErrors, []);
    },
  },
  {
    name: 'flow nesting `[[[…` 20 000 deep: refused as too deep',
    maxChars: 0,
    run: () => assert.equal(readDefinition(`job_name: ${'['.repeat(20_000)}\n`).refused, 'too-deep'),
  },
  {
    name: 'explicit keys `? ? …` 5 000 deep (seconds in the library): refused as too deep',
    maxChars: 0,
    run: () => assert.equal(readDefinition(`${'? '.repeat(5_000)}x\n`).refused, 'too-deep'),
  },
  {
    name: "a quote inside a plain scalar (it's) does not hide the brackets after it",
    maxChars: 0,
    run: () => assert.equal(readDefinition(`job_name: it's ${'['.repeat(5_000)}\n`).refused, 'too-deep'),
  },
  {
    name: 'a quoted string full of brackets is not nesting: parsed',
    maxChars: 1_000,
    run: () => {
      const def = readDefinition(`job_name: "${'['.repeat(200)}"\nactions: []\n`);
      assert.equal(def.refused, undefined);
      assert.deepEqual(def.yamlErrors, []);
    },
  },
  {
    name: 'a 419 kB log line of 40 000 plain keys (misses the fast parser): shown as it came, never parsed',
    maxChars: 0,
    run: () => {
      const line = manyKeysLine(40_000);
      assert.ok(line.length > 400_000);
      assert.deepEqual(parseRecordLine(line), { dt: '', lvl: 'unparsed', msg: line });
    },
  },
  {
    name: 'a 15 KB log line with plain keys is still read by the library (under its cap)',
    maxChars: MAX_FALLBACK_CHARS,
    run: () => {
      const line = manyKeysLine(1_500);
      assert.ok(line.length < MAX_FALLBACK_CHARS);
      const rec = parseRecordLine(line);
      assert.equal(rec.lvl, 'info');
      assert.equal(Object.keys(rec.msg as object).length, 1_500);
    },
  },
  {
    name: 'a log line holding an alias bomb: unparsed, at once',
    maxChars: MAX_FALLBACK_CHARS,
    run: () => {
      // 9 levels of 9 aliases: 9⁹ values once expanded.
      const levels = ['a: &l0 [x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 9; i++)
        levels.push(
          `l${i}: &l${i} [${Array(9)
            .fill(`*l${i - 1}`)
            .join(', ')}]`,
        );
      const line = `- {${levels.join(', ')}, lvl: info}`;
      assert.equal(parseRecordLine(line).lvl, 'unparsed');
    },
  },
  {
    name: 'a 0.5 MB workspace definition: recognised for CodeLens, picker and validate-on-save without a parse',
    maxChars: 0,
    run: () => assert.equal(looksLikeJobDefinition(big), true),
  },
  {
    name: 'a 1.9 MB workspace YAML that is no job (a `actions:` deep inside): not a job, not parsed',
    maxChars: 0,
    run: () => {
      const text = `name: CI\njobs:\n  build:\n    actions: []\n${'  k: v\n'.repeat(270_000)}`;
      assert.ok(text.length > 1_800_000 && text.length < MAX_JOB_FILE_CHARS);
      assert.equal(looksLikeJobDefinition(text), false);
    },
  },
  {
    name: 'a workspace file over the look-at cap is no job definition',
    maxChars: 0,
    run: () => assert.equal(looksLikeJobDefinition(`${HEAD}${'#'.repeat(MAX_JOB_FILE_CHARS)}\n`), false),
  },
  {
    name: 'a MultiNode definition of a multi-node job file (lava-multinode below protocols, no job_name) is recognised',
    maxChars: 0,
    run: () =>
      assert.equal(
        looksLikeJobDefinition('device_type: qemu\ntimeouts: {}\nprotocols:\n  lava-multinode:\n    roles: {}\nactions: []\n'),
        true,
      ),
  },
  {
    name: 'a 0.5 MB lavacli.yaml: refused with its size, not parsed',
    maxChars: 0,
    run: () => {
      const text = `default:\n  uri: https://lava.example/RPC2\n${'  k: v\n'.repeat(90_000)}`;
      assert.throws(() => parseLavacliConfig(text), /^Error: lavacli\.yaml is \d+ KB: LAVA Follow reads up to 64 KB of YAML/);
    },
  },
  {
    name: "a job's stored 0.5 MB definition read over REST (Follow Job's MultiNode look): the job is followed alone",
    maxChars: 0,
    run: async () => {
      const server = await serveJob(big);
      try {
        const group = await subJobsOf(server.url, '7', { fetch: globalThis.fetch.bind(globalThis), timeoutMs: 5_000 });
        assert.equal(group, undefined);
      } finally {
        await server.close();
      }
    },
  },
];

describe('hostile YAML (issue 19): every parse capped, linear, and never the quadratic duplicate-key scan', () => {
  it('has at least 15 rows', () => assert.ok(rows.length >= 15));
  for (const row of rows) {
    it(row.name, async () => {
      const spy = new YamlSpy();
      try {
        await row.run();
      } finally {
        spy.restore();
      }
      assert.equal(spy.uniqueKeysOn, 0, 'the library ran its O(n²) duplicate-key check');
      assert.ok(spy.largest <= row.maxChars, `the library was given ${spy.largest} characters (at most ${row.maxChars})`);
      if (row.maxChars === 0) assert.equal(spy.calls, 0, 'the text was parsed');
    });
  }
});
