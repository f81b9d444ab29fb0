// Completion with the schema the extension ships (schemas/lava-job.schema.json through
// jobSchemaQuery): the places a user types most, as LAVA 2023.01 allows them.
import * as assert from 'node:assert/strict';
import { completeAt, readForCompletion } from '../../../../src/core/jobSchema/completion';
import { hoverAt } from '../../../../src/core/jobSchema/hover';
import { jobSchemaQuery } from '../../../../src/core/jobSchema/schemaQuery';
import { JobSchemaQuery } from '../../../../src/core/model/jobSchema';

const HEAD = `job_name: smoke
device_type: qemu
timeouts:
  job:
    minutes: 10
`;

function counting(): JobSchemaQuery & { calls: number } {
  const q = jobSchemaQuery();
  const counted = {
    lavaVersion: q.lavaVersion,
    calls: 0,
    at: (d: unknown, p: readonly (string | number)[]) => (counted.calls++, q.at(d, p)),
  };
  return counted;
}

function answer(textWithCursor: string, query: JobSchemaQuery = jobSchemaQuery()) {
  const offset = textWithCursor.indexOf('‸');
  const text = textWithCursor.replace('‸', '');
  return completeAt(query, readForCompletion(text)!, offset);
}

function labels(textWithCursor: string): string[] {
  return (answer(textWithCursor)?.items ?? []).map((i) => i.label);
}

function includes(list: string[], ...wanted: string[]): void {
  for (const w of wanted) assert.ok(list.includes(w), `${w} not in ${list.join(' ')}`);
}

describe('completion with the shipped schema (LAVA 2023.01)', () => {
  it('top-level keys: the ones not yet written, the required ones (actions, visibility) first', () => {
    const items = answer(HEAD + '‸')!.items;
    const names = items.map((i) => i.label);
    includes(names, 'actions', 'priority', 'visibility', 'context', 'metadata', 'notify', 'protocols', 'secrets');
    for (const present of ['job_name', 'device_type', 'timeouts']) assert.ok(!names.includes(present), present);
    const sorted = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText));
    const required = sorted.filter((i) => i.required).map((i) => i.label);
    includes(required, 'actions');
    assert.deepEqual(
      sorted.slice(0, required.length).map((i) => i.label),
      required,
      'required keys come first',
    );
    includes(labels('‸'), 'job_name', 'device_type', 'timeouts', 'actions');
  });

  it('action kinds', () => {
    assert.deepEqual(labels(HEAD + 'actions:\n- ‸').sort(), ['boot', 'command', 'deploy', 'test']);
  });

  it('`to:` of a deploy, and the keys of each deploy method', () => {
    includes(labels(HEAD + 'actions:\n- deploy:\n    to: ‸'), 'tmpfs', 'tftp', 'fastboot', 'flasher');
    includes(labels(HEAD + 'actions:\n- deploy:\n    to: tm‸'), 'tmpfs', 'tftp');
    includes(labels(HEAD + 'actions:\n- deploy:\n    to: tftp\n    ‸'), 'kernel', 'ramdisk', 'dtb', 'timeout');
    assert.ok(!labels(HEAD + 'actions:\n- deploy:\n    to: tmpfs\n    ‸').includes('kernel'));
  });

  it('`method:` of a boot, and the keys of a u-boot boot', () => {
    includes(labels(HEAD + 'actions:\n- boot:\n    method: ‸'), 'qemu', 'u-boot', 'minimal');
    includes(labels(HEAD + 'actions:\n- boot:\n    method: u-boot\n    ‸'), 'commands', 'prompts');
  });

  it('timeout units, in timeouts and in an action', () => {
    includes(labels('timeouts:\n  job:\n    ‸'), 'days', 'hours', 'minutes', 'seconds');
    includes(labels(HEAD + 'actions:\n- deploy:\n    to: tmpfs\n    timeout:\n      ‸'), 'minutes', 'seconds');
  });

  it('test: definitions, interactive; a definition item keys; `from:` values', () => {
    includes(labels(HEAD + 'actions:\n- test:\n    ‸'), 'definitions', 'interactive', 'monitors', 'timeout');
    includes(labels(HEAD + 'actions:\n- test:\n    definitions:\n    - ‸'), 'from', 'repository', 'path', 'name');
    includes(labels(HEAD + 'actions:\n- test:\n    definitions:\n    - from: ‸'), 'git', 'inline');
    includes(labels(HEAD + 'actions:\n- test:\n    interactive:\n    - ‸'), 'name', 'prompts', 'script');
  });

  it('scalar keys with a set of values: priority, visibility', () => {
    assert.deepEqual(labels(HEAD + 'priority: ‸'), ['high', 'medium', 'low']);
    includes(labels(HEAD + 'visibility: ‸'), 'public', 'personal');
  });

  it('the places whose values the server knows: device_type, tags', () => {
    assert.equal(answer('device_type: ‸')?.serverValues, 'device-type');
    assert.equal(answer(HEAD + 'tags:\n- ‸')?.serverValues, 'device-tag');
  });

  it('hover: timeouts and tmpfs described, with their pages', () => {
    const text = HEAD + 'actions:\n- deploy:\n    to: tmpfs\n';
    const read = readForCompletion(text)!;
    assert.match(
      hoverAt(jobSchemaQuery(), read, text.indexOf('timeouts') + 2)!.markdown,
      /^\*\*timeouts\*\*\n\n.+\n\n\[LAVA's documentation\]\(https:\/\/docs\.lavasoftware\.org\//,
    );
    assert.match(hoverAt(jobSchemaQuery(), read, text.indexOf('tmpfs') + 2)!.markdown, /^\*\*tmpfs\*\*\n\n.+/);
  });

  it('a 2 000-line definition: read once, the schema asked a bounded number of times, not per line', () => {
    const action = '- deploy:\n    to: tmpfs\n    timeout:\n      minutes: 5\n    images:\n      rootfs:\n        url: http://x/y\n';
    const text = HEAD + 'actions:\n' + action.repeat(290) + '- deploy:\n    ';
    assert.ok(text.split('\n').length >= 2000);
    const read = readForCompletion(text)!;
    const query = counting();
    const items = completeAt(query, read, text.length)!.items;
    includes(
      items.map((i) => i.label),
      'to',
      'timeout',
    );
    assert.ok(query.calls <= items.length + 2, `${query.calls} schema questions for ${items.length} items`);
  });
});
