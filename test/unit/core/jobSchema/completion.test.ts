// Completion in a job definition while it is typed: the cursor's context (a key, a list item, a
// key's value) found by indentation, and the items the schema gives there (a small fake schema:
// the real one is schemas/lava-job.schema.json, tested with its own query).
import * as assert from 'node:assert/strict';
import { completeAt, readForCompletion, serverEntries, yamlScalar } from '../../../../src/core/jobSchema/completion';
import { cursorContext } from '../../../../src/core/jobSchema/completionContext';
import { readLineTree, treeData } from '../../../../src/core/jobSchema/completionTree';
import { FakeSchema } from './fakeSchema';

/** The text with `|` marking the cursor (the first `|` that is not a block scalar indicator `: |`). */
function at(textWithCursor: string): { text: string; offset: number } {
  const offset = textWithCursor.indexOf('‸');
  assert.ok(offset >= 0, 'no cursor ‸ in the text');
  return { text: textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1), offset };
}

function complete(textWithCursor: string) {
  const { text, offset } = at(textWithCursor);
  const read = readForCompletion(text)!;
  return completeAt(new FakeSchema(), read, offset);
}

function labels(textWithCursor: string): string[] {
  return (complete(textWithCursor)?.items ?? []).map((i) => i.label);
}

const HEAD = `job_name: smoke
device_type: qemu
timeouts:
  job:
    minutes: 10
`;

describe('completion: the cursor context by indentation', () => {
  const cases: [string, string, unknown][] = [
    ['an empty document: a top-level key', '‸', { kind: 'key', path: [] }],
    ['a top-level key half typed', 'job_name: a\ndev‸', { kind: 'key', path: [], prefix: 'dev' }],
    ['a value after `key: `', 'job_name: a\npriority: ‸', { kind: 'value', path: ['priority'], prefix: '' }],
    ['a value half typed', 'priority: me‸', { kind: 'value', path: ['priority'], prefix: 'me' }],
    ['a key under a key with nothing after it', 'timeouts:\n  ‸', { kind: 'key', path: ['timeouts'] }],
    ['a new action item', 'actions:\n- ‸', { kind: 'key', path: ['actions', 0], item: true }],
    ['a second action item', 'actions:\n- deploy:\n    to: tmpfs\n- ‸', { kind: 'key', path: ['actions', 1], item: true }],
    ['a deploy key on a blank line', 'actions:\n- deploy:\n    to: tmpfs\n    ‸', { kind: 'key', path: ['actions', 0, 'deploy'] }],
    [
      'to: in a deploy',
      'actions:\n- deploy:\n    timeout:\n      minutes: 5\n    to: ‸',
      { kind: 'value', path: ['actions', 0, 'deploy', 'to'] },
    ],
    [
      'a test definition item',
      'actions:\n- test:\n    definitions:\n    - ‸',
      { kind: 'key', path: ['actions', 0, 'test', 'definitions', 0] },
    ],
    [
      'a second key of a test definition item',
      'actions:\n- test:\n    definitions:\n    - name: a\n      ‸',
      { kind: 'key', path: ['actions', 0, 'test', 'definitions', 0] },
    ],
    [
      'a value in `- key: `',
      'actions:\n- test:\n    definitions:\n    - from: ‸',
      { kind: 'value', path: ['actions', 0, 'test', 'definitions', 0, 'from'] },
    ],
    ['a key in an indented sequence', 'actions:\n  - boot:\n      method: qemu\n  - ‸', { kind: 'key', path: ['actions', 1] }],
    ['back at the top level after actions', 'actions:\n- boot:\n    method: qemu\n‸', { kind: 'key', path: [] }],
    ['a key above the others in a mapping', 'actions:\n- deploy:\n    ‸\n    to: tmpfs', { kind: 'key', path: ['actions', 0, 'deploy'] }],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => {
      const { text: t, offset } = at(text);
      const context = cursorContext(readLineTree(t)!, offset);
      assert.ok(context, 'no context');
      for (const [k, v] of Object.entries(expected as object)) assert.deepEqual((context as unknown as Record<string, unknown>)[k], v, k);
    });
  }

  it('offers nothing in a comment, a block scalar or a flow collection', () => {
    for (const text of ['# dev‸', 'job_name: a # x‸', 'context: {a: ‸', 'tags: [a, ‸', 'steps:\n- |\n  ech‸']) {
      const { text: t, offset } = at(text);
      assert.equal(cursorContext(readLineTree(t)!, offset), undefined, text);
    }
  });

  it('reads the keys present around the cursor, the one typed left out', () => {
    const { text, offset } = at('actions:\n- deploy:\n    timeout:\n      minutes: 2\n    t‸\n    to: tmpfs\n');
    const context = cursorContext(readLineTree(text)!, offset);
    assert.equal(context?.kind, 'key');
    assert.deepEqual(context.kind === 'key' && [...context.present].sort(), ['timeout', 'to']);
  });
});

describe('completion: the items the schema gives', () => {
  it('top-level keys, required first, none already present', () => {
    const items = complete(HEAD + '‸')!.items;
    const names = items.map((i) => i.label);
    assert.ok(!names.includes('job_name') && !names.includes('timeouts'));
    const sorted = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText)).map((i) => i.label);
    assert.equal(sorted[0], 'actions', 'the one required key left comes first');
    assert.ok(names.includes('priority') && names.includes('visibility') && names.includes('context'));
  });

  it('action kinds on a new item of actions', () => {
    assert.deepEqual(labels(HEAD + 'actions:\n- ‸').sort(), ['boot', 'command', 'deploy', 'test']);
  });

  it('`to:` values in a deploy, every one while a value is half typed', () => {
    assert.deepEqual(labels(HEAD + 'actions:\n- deploy:\n    to: ‸'), ['tmpfs', 'tftp', 'fastboot', 'flasher']);
    assert.deepEqual(labels(HEAD + 'actions:\n- deploy:\n    to: tmp‸'), ['tmpfs', 'tftp', 'fastboot', 'flasher']);
  });

  it('a deploy offers the keys of its `to:` (tftp: kernel, ramdisk, dtb; tmpfs: images)', () => {
    assert.deepEqual(labels(HEAD + 'actions:\n- deploy:\n    to: tftp\n    ‸').sort(), ['dtb', 'kernel', 'ramdisk', 'timeout']);
    assert.deepEqual(labels(HEAD + 'actions:\n- deploy:\n    to: tmpfs\n    ‸').sort(), ['images', 'timeout']);
  });

  it('`method:` values in a boot, then the keys of that method', () => {
    assert.deepEqual(labels(HEAD + 'actions:\n- boot:\n    method: ‸'), ['qemu', 'u-boot', 'minimal']);
    assert.ok(labels(HEAD + 'actions:\n- boot:\n    method: u-boot\n    ‸').includes('commands'));
    assert.ok(!labels(HEAD + 'actions:\n- boot:\n    method: qemu\n    ‸').includes('commands'));
  });

  it('timeout units', () => {
    assert.deepEqual(labels('timeouts:\n  job:\n    ‸').sort(), ['days', 'hours', 'minutes', 'seconds']);
    assert.deepEqual(labels(HEAD + 'actions:\n- deploy:\n    to: tmpfs\n    timeout:\n      ‸').sort(), [
      'days',
      'hours',
      'minutes',
      'seconds',
    ]);
  });

  it('test definitions: keys of a new item, `from:` values', () => {
    assert.deepEqual(labels(HEAD + 'actions:\n- test:\n    definitions:\n    - ‸').sort(), ['from', 'name', 'path', 'repository']);
    assert.deepEqual(labels(HEAD + 'actions:\n- test:\n    definitions:\n    - from: git\n      ‸').sort(), ['name', 'path', 'repository']);
    assert.deepEqual(labels(HEAD + 'actions:\n- test:\n    definitions:\n    - from: ‸'), ['git', 'inline']);
  });

  it('a key of known values asks for completion again once inserted; a container key opens its block', () => {
    const items = complete(HEAD + 'actions:\n- deploy:\n    ‸')!.items;
    const to = items.find((i) => i.label === 'to')!;
    assert.equal(to.insertText, 'to: ');
    assert.equal(to.retrigger, true);
    const timeout = items.find((i) => i.label === 'timeout')!;
    assert.equal(timeout.insertText, 'timeout:\n  ');
    const top = complete('job_name: a\n‸')!.items;
    assert.equal(top.find((i) => i.label === 'actions')!.insertText, 'actions:\n- ');
  });

  it('replaces the word typed, up to its end', () => {
    const { text, offset } = at('priority: me‸dx\n');
    const answer = completeAt(new FakeSchema(), readForCompletion(text)!, offset)!;
    assert.equal(text.slice(answer.start, answer.end), 'medx');
  });

  it('says where the server knows the values (device types, tags), the schema values offered alone', () => {
    assert.equal(complete('device_type: ‸')?.serverValues, 'device-type');
    assert.equal(complete('tags:\n- ‸')?.serverValues, 'device-tag');
    assert.equal(complete('priority: ‸')?.serverValues, undefined);
  });

  it("server names: slugs only, quoted when YAML would read them otherwise, after the schema's", () => {
    const items = serverEntries(['qemu', 'x86', '1.5', 'a b', '$(zap)', '[x](command:y)', 'qemu', ''], 'device-type', []);
    assert.deepEqual(
      items.map((i) => [i.label, i.insertText]),
      [
        ['qemu', 'qemu'],
        ['x86', 'x86'],
        ['1.5', "'1.5'"],
      ],
    );
    assert.ok(items.every((i) => i.sortText.startsWith('3')));
    assert.equal(yamlScalar('true'), "'true'");
    assert.equal(yamlScalar('u-boot'), 'u-boot');
  });
});

describe('completion: the line tree', () => {
  it('reads a definition as YAML would (block mappings, sequences, scalars, block scalars, comments)', () => {
    const text = [
      '# a job',
      'job_name: "smoke #1"',
      'priority: 50',
      'visibility: public  # a comment',
      'metadata:',
      '  a: true',
      'actions:',
      '- deploy:',
      '    to: tmpfs',
      '    images:',
      '      rootfs: {url: "http://x"}',
      '- test:',
      '    definitions:',
      '    - from: inline',
      '      repository:',
      '        run:',
      '          steps:',
      '          - |',
      '            echo a:',
      '            echo b',
      '          - lava-test-case x --shell true',
      '- - nested',
      '  - list',
    ].join('\n');
    assert.deepEqual(treeData(readLineTree(text)!.root), {
      job_name: 'smoke #1',
      priority: 50,
      visibility: 'public',
      metadata: { a: true },
      actions: [
        { deploy: { to: 'tmpfs', images: { rootfs: '{url: "http://x"}' } } },
        { test: { definitions: [{ from: 'inline', repository: { run: { steps: ['', 'lava-test-case x --shell true'] } } }] } },
        ['nested', 'list'],
      ],
    });
  });

  it('reads 2 000 lines in one pass (no work per line that grows with the text)', () => {
    const action = '- deploy:\n    to: tmpfs\n    timeout:\n      minutes: 5\n    images:\n      rootfs:\n        url: http://x/y\n';
    const text = HEAD + 'actions:\n' + action.repeat(290);
    assert.ok(text.split('\n').length >= 2000);
    const schema = new FakeSchema();
    const read = readForCompletion(text + '- boot:\n    method: ‸'.replace('‸', ''))!;
    const answer = completeAt(schema, read, read.tree.text.length);
    assert.deepEqual(
      answer?.items.map((i) => i.label),
      ['qemu', 'u-boot', 'minimal'],
    );
    assert.ok(schema.calls <= 2, `schema asked ${schema.calls} times`);
    assert.equal((treeData(read.tree.root) as { actions: unknown[] }).actions.length, 291);
  });
});
