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

describe('package.json: the package and its commands (issue 24)', () => {
  const text = readFileSync(path.join(repoRoot(), 'package.json'), 'utf8');
  const manifest = JSON.parse(text) as {
    version: string;
    scripts: Record<string, string>;
    contributes: {
      commands: { command: string; title: string }[];
      menus: Record<string, { command: string; when?: string }[]>;
      walkthroughs: { steps: { description: string; media: Record<string, string> }[] }[];
    };
  };
  const titles = new Map(manifest.contributes.commands.map((c) => [c.command, c.title]));

  it('ships no placeholder URL', () => {
    assert.doesNotMatch(text, /example\.invalid/);
  });

  it('commands that ask end with "…"', () => {
    for (const id of ['followJob', 'stopFollowing', 'cancelJob', 'resubmitJob', 'openJobLog', 'closeJobChannel', 'changeLogTime']) {
      assert.match(titles.get(`lava.${id}`) ?? '', /…$/, id);
    }
    assert.match(titles.get('lava.changeLogTime') ?? '', /Timestamp/);
  });

  it('every menu item is a contributed command; Stop Following… shows only while a job is followed', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok(titles.has(item.command), `${menu}: ${item.command}`);
    }
    const palette = manifest.contributes.menus.commandPalette;
    assert.equal(palette.find((i) => i.command === 'lava.stopFollowing')?.when, 'lava.following');
    const inLog = manifest.contributes.menus['editor/title'].filter((i) => i.when === 'resourceScheme == lava-log').map((i) => i.command);
    for (const id of ['lava.cancelJob', 'lava.resubmitJob', 'lava.openJobDefinition', 'lava.showResults', 'lava.openJobInBrowser']) {
      assert.ok(inLog.includes(id), id);
    }
  });

  it('the walkthrough: each step has a command button and a picture that is packed', () => {
    const ignore = readFileSync(path.join(repoRoot(), '.vscodeignore'), 'utf8');
    for (const step of manifest.contributes.walkthroughs[0].steps) {
      assert.match(step.description, /\n\[[^\]]+\]\(command:lava\.[a-zA-Z]+\)/);
      const picture = step.media.image ?? step.media.svg;
      assert.ok(picture && readFileSync(path.join(repoRoot(), picture)).length > 0, picture);
      assert.ok(picture.startsWith('media/') || ignore.includes(`!${picture}`), `${picture} is not packed`);
    }
  });
});
