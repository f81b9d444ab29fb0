import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../../simulator/fixtures';

interface Manifest {
  capabilities?: {
    untrustedWorkspaces?: { supported?: unknown; description?: unknown; restrictedConfigurations?: unknown };
    virtualWorkspaces?: unknown;
  };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('package.json: settings a workspace cannot change', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as Manifest;

  it('makes every lava.* setting application scoped (user settings only: a workspace cannot hide error lines)', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.ok(Object.keys(properties).length >= 6);
    for (const [name, property] of Object.entries(properties)) {
      assert.ok(name.startsWith('lava.'), name);
      assert.equal(property.scope, 'application', `${name} is not application scoped`);
    }
  });

  it('reads settings in one place only, so no workspace value is read', () => {
    const readers = sourceFiles(path.join(repoRoot(), 'src'))
      .filter((file) => /\bgetConfiguration\s*\(/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(repoRoot(), file).split(path.sep).join('/'));
    assert.deepEqual(readers, ['src/vscode/settings.ts']);
    const settings = readFileSync(path.join(repoRoot(), 'src/vscode/settings.ts'), 'utf8');
    assert.doesNotMatch(settings, /workspaceValue|workspaceFolderValue|ConfigurationTarget\.Workspace/);
  });

  it('declares limited support in Restricted Mode (saying what is limited) and full support in virtual workspaces', () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.ok(
      typeof untrusted.description === 'string' && /Submit/.test(untrusted.description) && /validation on save/.test(untrusted.description),
    );
    // Every setting is application scoped (above): a workspace cannot set one, so none needs restricting.
    assert.equal(untrusted.restrictedConfigurations, undefined);
    assert.equal(manifest.capabilities?.virtualWorkspaces, true);
  });
});
