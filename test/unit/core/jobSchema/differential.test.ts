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
import type { SchemaProblem } from '../../../../src/core/model/jobSchema';
import { corpusDir, listCorpus, readCorpusItem, readStoredVerdicts } from '../../../tools/definitionsCorpus';

const MIN_CORPUS = 300;

/** Whether a problem means LAVA's strict validation refuses the definition. */
const rejectsStrictly = (p: SchemaProblem): boolean => p.severity === 'error' || p.code === 'unknown-key';
const MIN_CAUGHT = 0.95;

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
      const errors = checkDefinition(readCorpusItem(file)).filter(rejectsStrictly);
      const v = stored[file];
      return {
        file,
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
    console.log(
      `      differential: ${items.length} definitions; LAVA accepts ${valid.length}, of which ${falseRejections.length} rejected offline; ` +
        `LAVA rejects ${rejected.length}, of which ${caught.length} caught offline (${((100 * caught.length) / Math.max(1, rejected.length)).toFixed(1)}%)`,
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
