// Recognising a LAVA job definition in YAML text, with source positions.
import * as assert from 'node:assert/strict';
import { documentStart, readDefinition } from '../../../../src/core/submit/definition';
import { definitionText } from './cases';

describe('definition: recognising a LAVA job', () => {
  it('recognises the real-LAVA single-node and MultiNode jobs', () => {
    assert.equal(readDefinition(definitionText('valid-job')).kind, 'job');
    assert.equal(readDefinition(definitionText('valid-multinode')).kind, 'multinode');
  });

  it('still recognises a job that misses job_name (actions, timeouts and a device type)', () => {
    assert.equal(readDefinition(definitionText('missing-job-name')).kind, 'job');
  });

  it('is not fooled by other YAML', () => {
    for (const text of ['', 'this is not a job', '- a\n- b\n', 'name: CI\non: push\njobs: {}\n', 'actions: []\n', 'job_name: x\n']) {
      assert.equal(readDefinition(text).kind, 'not-a-job', JSON.stringify(text));
    }
  });

  it('reports YAML errors with 0-based ranges, as LAVA (PyYAML) would not read the text either', () => {
    const def = readDefinition('job_name: [unclosed\n');
    assert.ok(def.yamlErrors.length >= 1);
    assert.equal(def.yamlErrors[0].range.startLine, 1, 'where the flow sequence should have ended');
    const dup = readDefinition('job_name: a\nactions: []\njob_name: b\n');
    assert.deepEqual(
      dup.yamlErrors.map((e) => [e.message, e.range]),
      [['Map keys must be unique', { startLine: 2, startCol: 0, endLine: 2, endCol: 8 }]],
    );
    assert.equal(readDefinition('a: 1\n---\nb: 2\n').yamlErrors.length, 1, 'several documents');
  });

  it('reads YAML 1.1 like PyYAML: merge keys', () => {
    const def = readDefinition('x: &t {minutes: 2}\njob_name: j\ntimeouts:\n  job:\n    <<: *t\nactions: []\n');
    assert.deepEqual(def.yamlErrors, []);
    assert.deepEqual((def.doc.toJS() as { timeouts: unknown }).timeouts, { job: { minutes: 2 } });
  });

  it('counts columns in UTF-16 code units and lines after CRLF', () => {
    const def = readDefinition('# é🚀\r\njob_name: "🚀"\r\nactions: []\r\n');
    assert.equal(def.kind, 'job');
    assert.deepEqual(documentStart(def), { startLine: 1, startCol: 0, endLine: 1, endCol: 8 });
  });

  it('the document start skips the leading comments', () => {
    assert.equal(documentStart(readDefinition(definitionText('valid-job'))).startLine, 10);
    assert.deepEqual(documentStart(readDefinition('# only a comment\n\n  just text\n')), {
      startLine: 2,
      startCol: 0,
      endLine: 2,
      endCol: 11,
    });
  });
});
