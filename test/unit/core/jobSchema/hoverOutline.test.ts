// Hover on a definition's keys and allowed values (Markdown we build: every text escaped, an https
// docs link only), and the Outline and folding of a definition.
import * as assert from 'node:assert/strict';
import { readForCompletion } from '../../../../src/core/jobSchema/completion';
import { docLink, hoverAt, nodeAt } from '../../../../src/core/jobSchema/hover';
import { definitionFolding, definitionOutline } from '../../../../src/core/jobSchema/outline';
import { JobSchemaQuery, SchemaAt, YamlPath } from '../../../../src/core/model/jobSchema';
import { FakeSchema } from './fakeSchema';

const DEFINITION = `job_name: smoke
device_type: qemu
timeouts:
  job:
    minutes: 10
actions:
- deploy:
    to: tmpfs
    timeout:
      minutes: 5
    images:
      rootfs:
        url: http://x/y
- boot:
    method: qemu
    timeout:
      hours: 1
      minutes: 30
- test:
    definitions:
    - from: git
      name: smoke
    - from: inline
      name: b
- command:
    name: power_off
`;

function hover(text: string, at: string, schema: JobSchemaQuery = new FakeSchema()) {
  return hoverAt(schema, readForCompletion(text)!, text.indexOf(at) + 1);
}

describe('hover: keys and allowed values', () => {
  it('a key: its description and the docs link', () => {
    const h = hover(DEFINITION, 'timeouts:')!;
    assert.equal(
      h.markdown,
      "**timeouts**\n\nTimeouts of the job and its actions\\.\n\n[LAVA's documentation](https://docs.lavasoftware.org/lava/timeouts.html)",
    );
    assert.equal(DEFINITION.slice(h.start, h.end), 'timeouts');
  });

  it('a nested key and an allowed value', () => {
    assert.match(hover(DEFINITION, 'to: tmpfs')!.markdown, /Where the files go/);
    const value = hover(DEFINITION, 'tmpfs')!;
    assert.match(value.markdown, /^\*\*tmpfs\*\*\n\nA temporary directory on the worker\\\./);
    assert.equal(DEFINITION.slice(value.start, value.end), 'tmpfs');
  });

  it('nothing on what the schema does not describe', () => {
    assert.equal(hover(DEFINITION, 'url:'), undefined);
    assert.equal(hover(DEFINITION, 'smoke\n'), undefined);
  });

  it('finds the path of keys and values at any depth', () => {
    const read = readForCompletion(DEFINITION)!;
    const at = (s: string) => nodeAt(read.tree, DEFINITION.indexOf(s) + 1);
    assert.deepEqual(at('hours')?.path, ['actions', 1, 'boot', 'timeout', 'hours']);
    assert.deepEqual(at('name: b')?.path, ['actions', 2, 'test', 'definitions', 1, 'name']);
    assert.deepEqual(at('inline')?.path, ['actions', 2, 'test', 'definitions', 1, 'from']);
    assert.equal(at('inline')?.kind, 'value');
  });

  it('every text in it is plain: Markdown, HTML, links, command URIs and icons escaped; a docs link only to https', () => {
    const evil = '[click](command:lava.submitJob) <img src=x> $(zap) `code` *b*';
    const schema: JobSchemaQuery = {
      lavaVersion: '2023.01',
      at: (_data: unknown, path: YamlPath): SchemaAt => ({
        description: `${evil} ${String(path[0])}`,
        docUrl: 'command:lava.submitJob',
        types: ['object'],
        keys: [],
        openKeys: true,
        values: [],
      }),
    };
    const text = '"[x](command:y) <b>": 1\n';
    const h = hover(text, '[x]', schema)!;
    assert.ok(!/\]\(/.test(h.markdown), h.markdown);
    assert.ok(!/<(img|b)/.test(h.markdown), h.markdown);
    assert.ok(!h.markdown.includes('$('), h.markdown);
    assert.ok(!h.markdown.includes('command:'), h.markdown);
    assert.equal(docLink('http://docs.lavasoftware.org/x'), undefined);
    assert.equal(docLink('javascript:alert(1)'), undefined);
    assert.equal(docLink('https://a.org/x (y)'), 'https://a.org/x%20%28y%29');
  });
});

describe('the Outline and folding of a definition', () => {
  it('top-level keys in order; the actions with kind, method and timeout', () => {
    const outline = definitionOutline(readForCompletion(DEFINITION)!.tree);
    assert.deepEqual(
      outline.map((s) => [s.name, s.detail]),
      [
        ['job_name', 'smoke'],
        ['device_type', 'qemu'],
        ['timeouts', '10 min'],
        ['actions', ''],
      ],
    );
    const actions = outline[3].children;
    assert.deepEqual(
      actions.map((s) => [s.name, s.kind, s.detail, s.line, s.endLine]),
      [
        ['deploy', 'deploy', 'tmpfs · timeout 5 min', 6, 12],
        ['boot', 'boot', 'qemu · timeout 1 h 30 min', 13, 17],
        ['test', 'test', 'definitions: 2', 18, 23],
        ['command', 'command', 'power_off', 24, 25],
      ],
    );
  });

  it("the user's text stays on one line and bounded", () => {
    const outline = definitionOutline(readForCompletion(`job_name: "a\\u202Eb${'x'.repeat(200)}"\nactions: []\n`)!.tree);
    assert.ok(outline[0].detail.length <= 80);
  });

  it('folds each key and item spanning lines, one range a start line', () => {
    const ranges = definitionFolding(readForCompletion(DEFINITION)!.tree);
    const starts = ranges.map((r) => r.start);
    assert.equal(new Set(starts).size, starts.length);
    assert.deepEqual(ranges.slice(0, 3), [
      { start: 2, end: 4 },
      { start: 3, end: 4 },
      { start: 5, end: 25 },
    ]);
    assert.ok(
      ranges.some((r) => r.start === 6 && r.end === 12),
      'the deploy action',
    );
  });
});
