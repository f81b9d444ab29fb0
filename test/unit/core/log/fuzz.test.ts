/**
 * Fuzz (issue 19): the record parser (parseRecordLine, parseBlockItem) and the definition reader
 * (readDefinition) on seeded random and mutated inputs (deterministic: the same inputs every run).
 * For each input: no exception escapes, the output is bounded (a record's text by its input, a
 * definition's problems by MAX_YAML_PROBLEMS), and the work is bounded by counts, not time: the
 * `yaml` library is called at most once, given at most the path's cap, never with its quadratic
 * duplicate-key check.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogRecord, MAX_FALLBACK_CHARS, parseBlockItem, parseRecordLine } from '../../../../src/core/log/records';
import { MAX_DEFINITION_CHARS, MAX_YAML_PROBLEMS, readDefinition } from '../../../../src/core/submit/definition';
import { mulberry32 } from '../../../simulator/growingLog';
import { DATA_DIR } from '../../../simulator/fixtures';
import { YamlSpy } from '../../yamlSpy';

const SEED = 19;
const INPUTS = 400;

/** Characters that matter to YAML, and some that matter to us (controls, bidi, surrogates). */
const ALPHABET = [
  ...'-?:,[]{}#&*!|>\'"%@`\\ \t\n\r',
  'a',
  'key: ',
  '- ',
  '? ',
  '&a ',
  '*a',
  '<<: *a',
  '!!int ',
  '"\\U7FFFFFFF"',
  '\u0000',
  '\u202e',
  '\ud800',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
];

type Rand = () => number;

/** One random mutation of `text`: insert, delete, repeat a slice (growth), nest, truncate. */
function mutate(text: string, rand: Rand): string {
  const at = Math.floor(rand() * (text.length + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  switch (Math.floor(rand() * 7)) {
    case 0:
      return text.slice(0, at) + pick(ALPHABET) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 20));
    case 2: {
      const len = 1 + Math.floor(rand() * 40);
      return text.slice(0, at) + text.slice(at, at + len).repeat(1 + Math.floor(rand() * 3000)) + text.slice(at);
    }
    case 3: {
      const open = pick(['[', '{', '- ', '? ', 'a: ', 'ot: ']);
      return text.slice(0, at) + open.repeat(1 + Math.floor(rand() * 2000)) + text.slice(at);
    }
    case 4:
      return text.slice(0, at);
    case 5:
      return text.slice(0, at) + pick(ALPHABET).repeat(1 + Math.floor(rand() * 500)) + text.slice(at);
    default: {
      let s = '';
      for (let i = Math.floor(rand() * 200); i > 0; i--) s += pick(ALPHABET);
      return text.slice(0, at) + s + text.slice(at);
    }
  }
}

function mutated(seeds: readonly string[], rand: Rand): string {
  let text = seeds[Math.floor(rand() * seeds.length)];
  for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) text = mutate(text, rand);
  return text;
}

/** Characters of a record's strings (its size as shown). */
function recordChars(r: LogRecord): number {
  return JSON.stringify(r).length;
}

describe('fuzz: record parser and definition reader (seeded, bounded by counts)', function () {
  // CPU-bound and deterministic: 7 s a test on a loaded 2-core machine; the bounds asserted are counts.
  this.timeout(120_000);
  const lines = fs
    .readFileSync(path.join(DATA_DIR, 'complete', 'output.yaml'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 200);
  const definition = [
    'device_type: qemu',
    'job_name: fuzz',
    'timeouts: {job: {minutes: 5}, action: {minutes: 2}}',
    'priority: medium',
    'visibility: public',
    'metadata: &m {a: 1, b: two}',
    'context: {arch: amd64}',
    'actions:',
    '- deploy: {to: tmpfs, images: {rootfs: {url: "https://example.org/r.img", image_arg: "-drive format=raw,file={rootfs}"}}}',
    '- boot: {method: qemu, media: tmpfs, prompts: ["root@debian:"]}',
    '- test: {definitions: [{repository: {metadata: {name: t}, run: {steps: [echo hi]}}, from: inline, name: t, path: x.yaml}]}',
    'extra: *m',
    '',
  ].join('\n');

  it(`parseRecordLine: ${INPUTS} mutated log lines`, () => {
    const rand = mulberry32(SEED);
    for (let i = 0; i < INPUTS; i++) {
      const line = mutated(lines, rand);
      const spy = new YamlSpy();
      let rec: LogRecord;
      try {
        rec = parseRecordLine(line);
      } finally {
        spy.restore();
      }
      assert.equal(typeof rec.lvl, 'string');
      assert.ok(spy.calls <= 1, `input ${i}: ${spy.calls} library calls`);
      assert.ok(spy.largest <= MAX_FALLBACK_CHARS, `input ${i}: the library was given ${spy.largest} characters`);
      assert.equal(spy.uniqueKeysOn, 0);
      // A record holds at most its line, written out (escapes, quotes): aliases cannot blow it up.
      assert.ok(recordChars(rec) <= 6 * line.length + 100, `input ${i}: a record of ${recordChars(rec)} from ${line.length}`);
    }
  });

  it(`parseBlockItem: ${INPUTS} mutated block-style items`, () => {
    const rand = mulberry32(SEED + 1);
    const items = [
      "- dt: '2023-01-24T05:24:00.060423'\n  lvl: info\n  msg: 'start: 1.1 download-retry'",
      '- dt: x\n  lvl: results\n  msg:\n    case: a\n    result: pass',
    ];
    for (let i = 0; i < INPUTS; i++) {
      const item = mutated(items, rand);
      const spy = new YamlSpy();
      let rec: LogRecord;
      try {
        rec = parseBlockItem(item);
      } finally {
        spy.restore();
      }
      assert.equal(typeof rec.lvl, 'string');
      assert.ok(spy.calls <= 1 && spy.largest <= MAX_FALLBACK_CHARS && spy.uniqueKeysOn === 0, `input ${i}`);
      assert.ok(recordChars(rec) <= 6 * item.length + 100, `input ${i}`);
    }
  });

  it(`readDefinition: ${INPUTS} mutated job definitions`, () => {
    const rand = mulberry32(SEED + 2);
    for (let i = 0; i < INPUTS; i++) {
      const text = mutated([definition], rand);
      const spy = new YamlSpy();
      let def: ReturnType<typeof readDefinition>;
      try {
        def = readDefinition(text);
      } catch (err) {
        throw new Error(`input ${i} (${text.length} characters: ${JSON.stringify(text.slice(0, 300))}): ${String(err)}`, { cause: err });
      } finally {
        spy.restore();
      }
      assert.ok(['job', 'multinode', 'not-a-job'].includes(def.kind));
      assert.ok(def.yamlErrors.length <= MAX_YAML_PROBLEMS, `input ${i}: ${def.yamlErrors.length} problems`);
      for (const e of def.yamlErrors) assert.ok(e.range.startLine >= 0 && e.range.startCol >= 0, `input ${i}: ${JSON.stringify(e.range)}`);
      assert.ok(spy.calls <= 1, `input ${i}: ${spy.calls} library calls`);
      assert.ok(spy.largest <= MAX_DEFINITION_CHARS, `input ${i}: the library was given ${spy.largest} characters`);
      assert.equal(spy.uniqueKeysOn, 0);
    }
  });
});
