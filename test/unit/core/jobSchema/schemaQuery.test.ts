// What the schema says at a path (core/jobSchema/schemaQuery.ts), per discriminator, and the YAML tree's offsets.
import assert from 'node:assert/strict';
import { jobSchemaQuery } from '../../../../src/core/jobSchema/schemaQuery';
import { JOB_SCHEMA } from '../../../../src/core/jobSchema/schema';
import { parseTree } from '../../../../src/core/jobSchema/yamlTree';
import { QEMU_JOB } from './jobs';

const query = jobSchemaQuery();

function keys(data: unknown, path: (string | number)[]): string[] {
  return (query.at(data, path)?.keys ?? []).map((k) => k.name).sort();
}

function values(data: unknown, path: (string | number)[]): unknown[] {
  return (query.at(data, path)?.values ?? []).map((v) => v.value);
}

describe('jobSchemaQuery', () => {
  it('follows LAVA 2023.01 and describes the top level with https doc links', () => {
    assert.equal(query.lavaVersion, '2023.01');
    assert.equal(JOB_SCHEMA['x-lava-version'], '2023.01');
    const top = query.at({}, []);
    assert.ok(top);
    const names = top.keys.map((k) => k.name);
    for (const k of [
      'job_name',
      'device_type',
      'timeouts',
      'visibility',
      'priority',
      'context',
      'metadata',
      'notify',
      'protocols',
      'secrets',
      'actions',
    ]) {
      assert.ok(names.includes(k), k);
    }
    assert.equal(top.openKeys, false);
    const timeouts = top.keys.find((k) => k.name === 'timeouts');
    assert.ok(timeouts?.required && timeouts.description && timeouts.docUrl?.startsWith('https://docs.lavasoftware.org/'));
  });

  it('every key and every enum value of the file has a description (ours) and https doc links only', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [name, sub] of Object.entries((n.properties as Record<string, unknown>) ?? {})) {
        if (sub && typeof sub === 'object' && !(sub as { description?: string }).description && !(sub as { $ref?: string }).$ref)
          missing.push(`${path}.${name}`);
      }
      if (typeof n['x-lava-doc'] === 'string')
        assert.match(n['x-lava-doc'], /^https:\/\/docs\.lavasoftware\.org\/lava\/[a-z_-]+\.html(#[a-z0-9-]+)?$/);
      // `if`/`then`/`else` hold rules over keys described where they are defined.
      for (const [k, v] of Object.entries(n))
        if (v && typeof v === 'object' && !['if', 'then', 'else'].includes(k)) walk(v, `${path}/${k}`);
    };
    walk(JOB_SCHEMA, '');
    assert.deepEqual(missing, []);
  });

  it('deploy: `to` values, and the keys chosen by `to`', () => {
    const to = values({ actions: [{ deploy: {} }] }, ['actions', 0, 'deploy', 'to']);
    for (const v of ['tmpfs', 'tftp', 'fastboot', 'flasher', 'nfs', 'docker']) assert.ok(to.includes(v), v);
    const tmpfs = keys({ actions: [{ deploy: { to: 'tmpfs' } }] }, ['actions', 0, 'deploy']);
    assert.ok(tmpfs.includes('images') && !tmpfs.includes('kernel'));
    const tftp = keys({ actions: [{ deploy: { to: 'tftp' } }] }, ['actions', 0, 'deploy']);
    assert.ok(tftp.includes('kernel') && tftp.includes('ramdisk') && !tftp.includes('images'));
    const tmpfsAt = query.at({ actions: [{ deploy: { to: 'tmpfs' } }] }, ['actions', 0, 'deploy', 'to']);
    const described = tmpfsAt?.values.find((v) => v.value === 'tmpfs');
    assert.ok(described?.description && described.docUrl?.includes('actions-deploy.html'));
  });

  it('boot: `method` values (qemu, u-boot, minimal), keys chosen by `method`', () => {
    const methods = values({ actions: [{ boot: {} }] }, ['actions', 0, 'boot', 'method']);
    for (const v of ['qemu', 'u-boot', 'minimal', 'fastboot', 'new_connection']) assert.ok(methods.includes(v), v);
    const qemu = keys({ actions: [{ boot: { method: 'qemu' } }] }, ['actions', 0, 'boot']);
    assert.ok(qemu.includes('media') && qemu.includes('prompts') && !qemu.includes('commands'));
    const uboot = keys({ actions: [{ boot: { method: 'u-boot' } }] }, ['actions', 0, 'boot']);
    assert.ok(uboot.includes('commands'));
  });

  it('test: keys chosen by definitions / interactive / monitors; definitions take from git|inline|url', () => {
    const defs = { actions: [{ test: { definitions: [{}] } }] };
    assert.ok(keys(defs, ['actions', 0, 'test']).includes('definitions'));
    const item = keys(defs, ['actions', 0, 'test', 'definitions', 0]);
    for (const k of ['from', 'repository', 'path', 'name']) assert.ok(item.includes(k), k);
    assert.deepEqual(values(defs, ['actions', 0, 'test', 'definitions', 0, 'from']).sort(), ['git', 'inline', 'url']);
    const inter = keys({ actions: [{ test: { interactive: [] } }] }, ['actions', 0, 'test']);
    assert.ok(inter.includes('interactive'));
    const mon = keys({ actions: [{ test: { monitors: [] } }] }, ['actions', 0, 'test']);
    assert.ok(mon.includes('monitors'));
  });

  it('timeouts: the units, and values only the server knows (device types, tags)', () => {
    assert.deepEqual(keys({ timeouts: { job: {} } }, ['timeouts', 'job']), ['days', 'hours', 'minutes', 'seconds', 'skip']);
    assert.equal(query.at({}, ['device_type'])?.serverValues, 'device-type');
    assert.equal(query.at({ tags: ['a'] }, ['tags', 0])?.serverValues, 'device-tag');
    assert.deepEqual(values({}, ['visibility']).sort(), ['personal', 'public']);
    assert.deepEqual(values({}, ['priority']).sort(), ['high', 'low', 'medium']);
  });

  it('a MultiNode job: device_type is no longer offered at the top level', () => {
    const data = { protocols: { 'lava-multinode': { roles: {} } } };
    assert.ok(!keys(data, []).includes('device_type'));
    assert.ok(keys({}, []).includes('device_type'));
    const role = query.at({ protocols: { 'lava-multinode': { roles: { server: {} } } } }, [
      'protocols',
      'lava-multinode',
      'roles',
      'server',
      'device_type',
    ]);
    assert.equal(role?.serverValues, 'device-type');
  });

  it('nothing at a path the schema does not allow', () => {
    assert.equal(query.at({}, ['no_such_key']), undefined);
  });
});

describe('parseTree (yamlTree)', () => {
  it('the path at an offset: on a key, on a value, after `to: ` with nothing yet', () => {
    const text = 'job_name: x\nactions:\n- deploy:\n    to: \n    timeout: {minutes: 2}\n- boot:\n    method: qemu\n';
    const tree = parseTree(text);
    const onKey = tree.nodeAt(text.indexOf('job_name') + 2);
    assert.deepEqual(onKey?.path, ['job_name']);
    assert.equal(onKey?.onKey, true);
    const empty = tree.nodeAt(text.indexOf('to: ') + 4);
    assert.deepEqual(empty?.path, ['actions', 0, 'deploy', 'to']);
    assert.equal(empty?.onKey, false);
    const value = tree.nodeAt(text.indexOf('qemu') + 1);
    assert.deepEqual(value?.path, ['actions', 1, 'boot', 'method']);
    assert.deepEqual(value?.valueRange, [text.indexOf('qemu'), text.indexOf('qemu') + 4]);
    const flow = tree.nodeAt(text.indexOf('minutes'));
    assert.deepEqual(flow?.path, ['actions', 0, 'deploy', 'timeout', 'minutes']);
    assert.deepEqual(tree.rangeOf(['actions', 1, 'boot', 'method'])?.keyRange, [text.indexOf('method'), text.indexOf('method') + 6]);
  });

  it('refuses a text over the caps without parsing it (one problem, no data)', () => {
    const tree = parseTree('a: 1\n'.repeat(20_000));
    assert.equal(tree.data, undefined);
    assert.equal(tree.errors[0]?.code, 'too-big');
    assert.equal(tree.nodeAt(3), undefined);
  });

  it('reads the QEMU job whole', () => {
    const tree = parseTree(QEMU_JOB);
    assert.deepEqual(tree.errors, []);
    assert.equal((tree.data as { job_name: string }).job_name, 'qemu boot and test');
  });
});
