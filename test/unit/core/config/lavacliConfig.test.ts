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
