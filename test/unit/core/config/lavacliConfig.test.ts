import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lavacliConfigPath, parseLavacliConfig } from '../../../../src/core/config/lavacliConfig';
import { repoRoot } from '../../../simulator/fixtures';

const sample = readFileSync(path.join(repoRoot(), 'test/fixtures/lavacli.yaml'), 'utf8');

describe('lavacli identities', () => {
  it('turns each identity into a server base URL with its username and token', () => {
    const { identities } = parseLavacliConfig(sample);
    assert.deepEqual(identities, [
      { identity: 'default', url: 'https://validation.linaro.org', username: 'alice', token: 'abc123secret' },
      { identity: 'staging', url: 'https://staging.example.org/lava', username: 'alice', token: '0123456789' },
      { identity: 'anonymous', url: 'http://127.0.0.1:8000', username: undefined, token: undefined },
      { identity: 'inline', url: 'https://lava.example.com', username: 'bob', token: 'inlinetoken' },
    ]);
  });

  it('reports identities it cannot use instead of failing the whole import', () => {
    assert.deepEqual(parseLavacliConfig(sample).skipped, [{ identity: 'broken', reason: 'no uri' }]);
  });

  it('handles an empty file and refuses a file that is not a mapping', () => {
    assert.deepEqual(parseLavacliConfig(''), { identities: [], skipped: [] });
    assert.throws(() => parseLavacliConfig('- a\n- b\n'), /not a mapping/);
    assert.throws(() => parseLavacliConfig('a: [\n'), /not valid YAML/);
  });

  it('finds the file under XDG_CONFIG_HOME, else ~/.config', () => {
    assert.equal(lavacliConfigPath({ XDG_CONFIG_HOME: '/x/cfg/' }, '/home/a'), '/x/cfg/lavacli.yaml');
    assert.equal(lavacliConfigPath({}, '/home/a'), '/home/a/.config/lavacli.yaml');
  });
});

describe('lavacli identities: what must not happen', () => {
  it('keeps the first identity of a server and skips the others with the reason, instead of overwriting its token', () => {
    const text = [
      'first:',
      '  uri: https://h/RPC2',
      '  token: tokenOne',
      'second:',
      '  uri: https://h/',
      '  token: tokenTwo',
      'other-instance:',
      '  uri: https://h/staging/RPC2',
      '  token: tokenThree',
    ].join('\n');
    const { identities, skipped } = parseLavacliConfig(text);
    assert.deepEqual(
      identities.map((id) => [id.identity, id.url, id.token]),
      [
        ['first', 'https://h', 'tokenOne'],
        ['other-instance', 'https://h/staging', 'tokenThree'],
      ],
    );
    assert.deepEqual(skipped, [{ identity: 'second', reason: 'same server (https://h) as identity "first", which is kept' }]);
  });

  it('skips an identity whose uri has a stray %, and imports the others', () => {
    const text = 'bad:\n  uri: "https://me:50%off@h/RPC2"\ngood:\n  uri: https://g/RPC2\n';
    const { identities, skipped } = parseLavacliConfig(text);
    assert.deepEqual(
      identities.map((id) => id.identity),
      ['good'],
    );
    assert.deepEqual(skipped, [{ identity: 'bad', reason: 'its uri has a malformed %-escape in the user name or token' }]);
  });

  it('skips a token with CR, LF, NUL or a zero-width space, and never quotes a token or userinfo in a reason', () => {
    const text = [
      'cr: {uri: "https://a/RPC2", token: "tokSECRET\\r"}',
      'lf: {uri: "https://b/RPC2", token: "tokSECRET\\n"}',
      'nul: {uri: "https://c/RPC2", token: "tokSECRET\\0"}',
      'zw: {uri: "https://d/RPC2", token: "tok\\u200bSECRET"}',
      'inuri: {uri: "https://me:tokSECRET%0D@e/RPC2"}',
      'unparsable: {uri: "https://me:tokSECRET@:99999/RPC2"}',
    ].join('\n');
    const { identities, skipped } = parseLavacliConfig(text);
    assert.deepEqual(identities, []);
    assert.deepEqual(
      skipped.map((s) => s.identity),
      ['cr', 'lf', 'nul', 'zw', 'inuri', 'unparsable'],
    );
    for (const { reason } of skipped) assert.ok(!/SECRET|me:tok/.test(reason), reason);
    assert.match(skipped[0].reason, /U\+000D/);
    assert.match(skipped[3].reason, /U\+200B/);
    assert.equal(skipped[5].reason, 'invalid uri https://…@:99999/RPC2');
  });

  it('says where YAML is broken without quoting the line (it may hold a token)', () => {
    assert.throws(
      () => parseLavacliConfig('a:\n  token: "tokSECRET\n'),
      (err: Error) => /^lavacli\.yaml is not valid YAML at line \d+, column \d+\.$/.test(err.message) && !err.message.includes('SECRET'),
    );
  });
});
