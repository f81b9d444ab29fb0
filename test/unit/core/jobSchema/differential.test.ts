// Issue 23: our offline verdict on a job definition (checkDefinition: an error-severity problem means
// rejected) against LAVA 2023.01's own (scheduler.jobs.validate, strict), over the corpus of
// test/fixtures/definitions/ (LAVA's samples, ours, seeded mutations) and its stored answers — no server.
// Offline, strict like the server: a definition is rejected when checkDefinition finds an error, or an
// unknown key (a warning in the editor, as LAVA's submission takes it, but exactly what strict mode
// refuses); a duplicate key is no rejection (LAVA's PyYAML loader keeps the last one).
// Goals: no definition LAVA accepts is rejected offline; ≥ 95% of LAVA's rejections are caught offline;
// every rejection missed is listed, with why, in DISAGREEMENTS.md (and nothing listed there agrees now).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkDefinition } from '../../../../src/core/jobSchema/checkDefinition';
import { parseTree } from '../../../../src/core/jobSchema/yamlTree';
import { parsePythonList } from '../../../../src/core/submit/lavaPath';
import type { SchemaProblem } from '../../../../src/core/model/jobSchema';
import { corpusDir, listCorpus, readCorpusItem, readStoredVerdicts } from '../../../tools/definitionsCorpus';

const MIN_CORPUS = 300;

/** Whether a problem means LAVA's strict validation refuses the definition. */
const rejectsStrictly = (p: SchemaProblem): boolean => p.severity === 'error' || p.code === 'unknown-key';
const MIN_CAUGHT = 0.95;
const MIN_PLACED = 0.95;

/**
 * LAVA's path as a path in the definition's data: `'actions[2]', 'deploy', 'tmpfs', 'images'` names the
 * schema module (`tmpfs`) after the action's kind; the data has `actions, 2, deploy, images`.
 */
function dataPath(lavaPath: readonly (string | number)[]): (string | number)[] {
  const out: (string | number)[] = [];
  for (let i = 0; i < lavaPath.length; i++) {
    const seg = lavaPath[i];
    const m = typeof seg === 'string' ? /^actions\[(\d+)\]$/.exec(seg) : null;
    if (m) {
      out.push('actions', Number(m[1]), lavaPath[i + 1]);
      i += 2;
    } else out.push(seg);
  }
  return out;
}

/**
 * Where LAVA's answer points in the text: its node (key to value), or the closest ancestor that is there
 * (a missing key: its mapping). Undefined when LAVA names no node (a cross-field rule: `[]`; an unknown
 * action kind) or no stored path.
 */
function lavaNode(text: string, path: string | undefined): readonly [number, number] | undefined {
  const lp = path === undefined ? undefined : parsePythonList(path);
  if (!lp || lp.length === 0) return undefined;
  const tree = parseTree(text);
  const p = dataPath(lp);
  for (; p.length > 0; p.pop()) {
    const r = tree.rangeOf(p);
    const start = (r?.keyRange ?? r?.valueRange)?.[0];
    const end = (r?.valueRange ?? r?.keyRange)?.[1];
    if (start !== undefined && end !== undefined) return [start, Math.max(end, start + 1)];
  }
  return undefined;
}

/** The files DISAGREEMENTS.md lists (`- \`path\` …` lines) under its heading that starts with `heading`. */
function listed(heading: string): Set<string> {
  const text = fs.readFileSync(path.join(corpusDir(), 'DISAGREEMENTS.md'), 'utf8');
  const out = new Set<string>();
  let inside = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) inside = line.slice(3).startsWith(heading);
    const m = /^- `([^`]+\.yaml)`/.exec(line);
    if (inside && m) out.add(m[1]);
  }
  return out;
}

interface Outcome {
  file: string;
  /** For a rejection caught offline where LAVA names a node: whether an offline problem is on it. */
  placed?: boolean;
  serverValid: boolean;
  offlineValid: boolean;
  server: string;
  offline: string;
}

describe('job schema: offline verdicts agree with LAVA 2023.01 (differential over the corpus)', function () {
  this.timeout(120_000);
  const items = listCorpus();
  const stored = readStoredVerdicts().verdicts;
  let outcomes: Outcome[] = [];

  before(() => {
    outcomes = items.map((file) => {
      const text = readCorpusItem(file);
      const errors = checkDefinition(text, { strict: true }).filter(rejectsStrictly);
      const v = stored[file];
      const node = v && !v.valid && errors.length ? lavaNode(text, v.path) : undefined;
      return {
        file,
        placed: node && errors.some((e) => e.start < node[1] && e.end >= node[0]),
        serverValid: v?.valid ?? false,
        offlineValid: errors.length === 0,
        server: v ? (v.valid ? 'valid' : `${v.path ?? ''} ${v.message}`.trim()) : 'no stored verdict',
        offline: errors.map((e) => `${e.code}: ${e.message}`).join(' | '),
      };
    });
    const valid = outcomes.filter((o) => o.serverValid);
    const rejected = outcomes.filter((o) => !o.serverValid);
    const caught = rejected.filter((o) => !o.offlineValid);
    const falseRejections = valid.filter((o) => !o.offlineValid);
    const located = caught.filter((o) => o.placed !== undefined);
    console.log(
      `      differential: ${items.length} definitions; LAVA accepts ${valid.length}, of which ${falseRejections.length} rejected offline; ` +
        `LAVA rejects ${rejected.length}, of which ${caught.length} caught offline (${((100 * caught.length) / Math.max(1, rejected.length)).toFixed(1)}%); ` +
        `of the ${located.length} caught where LAVA names a node, ${located.filter((o) => o.placed).length} flagged on that node`,
    );
  });

  it(`holds at least ${MIN_CORPUS} definitions, each with LAVA's stored answer (and no answer without a file)`, () => {
    assert.ok(items.length >= MIN_CORPUS, `only ${items.length} definitions`);
    assert.deepEqual(
      items.filter((f) => !stored[f]),
      [],
      'definitions without a stored verdict: record them (see the README)',
    );
    assert.deepEqual(
      Object.keys(stored).filter((f) => !items.includes(f)),
      [],
      'stored verdicts without a definition',
    );
  });

  it('rejects offline no definition LAVA accepts', () => {
    const wrong = outcomes.filter((o) => o.serverValid && !o.offlineValid);
    assert.deepEqual(
      wrong.map((o) => `${o.file}: ${o.offline}`),
      [],
    );
  });

  it(`catches offline at least ${MIN_CAUGHT * 100}% of LAVA's rejections`, () => {
    const rejected = outcomes.filter((o) => !o.serverValid);
    const caught = rejected.filter((o) => !o.offlineValid).length;
    assert.ok(caught >= MIN_CAUGHT * rejected.length, `${caught} of ${rejected.length} caught`);
  });

  it(`flags at least ${MIN_PLACED * 100}% of the caught rejections on the node LAVA names (key to value)`, () => {
    const located = outcomes.filter((o) => o.placed !== undefined);
    const elsewhere = located.filter((o) => !o.placed);
    assert.ok(
      located.length - elsewhere.length >= MIN_PLACED * located.length,
      `${elsewhere.length} of ${located.length} elsewhere:\n${elsewhere.map((o) => `${o.file}: LAVA says ${o.server}; offline ${o.offline}`).join('\n')}`,
    );
  });

  it('lists every rejection missed offline in DISAGREEMENTS.md, and only those', () => {
    const missed = outcomes.filter((o) => !o.serverValid && o.offlineValid);
    const documented = listed('Rejected by LAVA');
    assert.deepEqual(
      missed.filter((o) => !documented.has(o.file)).map((o) => `${o.file}: LAVA says ${o.server}`),
      [],
      'missed rejections not in DISAGREEMENTS.md',
    );
    const missedFiles = new Set(missed.map((o) => o.file));
    assert.deepEqual(
      [...documented].filter((f) => !missedFiles.has(f)),
      [],
      'DISAGREEMENTS.md lists files the offline check now agrees on: remove them',
    );
  });
});
