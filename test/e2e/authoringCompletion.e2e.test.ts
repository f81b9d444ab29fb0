/**
 * Writing a job definition in a real VS Code (issue 23, part B): completion after `to: ` in a deploy
 * lists `tmpfs` and hover on `timeouts:` shows its description, with the server unreachable; with the
 * REAL LAVA 2023.01 reachable (test/real/realLava.ts; pending without one), completion after
 * `device_type: ` lists its device type `qemu` (read from /api/v0.2/devicetypes/).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { QEMU_JOB } from '../unit/core/jobSchema/jobs';
import { RealLava, requireRealLava } from '../real/realLava';
import { debug, useVSCode, VSCodeSession, waitFor } from './harness';

const EDITOR = '.editor-group-container.active .monaco-editor .view-lines';

/** Quick Open (Ctrl+P) → the file → its editor, focused, once the extension has loaded (its CodeLens shows). */
async function openJob(session: VSCodeSession, name: string, text: string): Promise<void> {
  fs.writeFileSync(path.join(session.workspaceDir, name), text);
  await session.closeInput();
  await session.page.keyboard.press('Control+P');
  await session.typeInInput(name);
  await session.pickItem(new RegExp(`^\\s*${name.replace('.', '\\.')}\\s*$`));
  await session.page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 15_000 });
  await session.page.locator('.codelens-decoration a', { hasText: 'Validate' }).first().waitFor({ state: 'visible', timeout: 90_000 });
  await session.page.locator(EDITOR).first().click({ force: true });
}

/** The cursor on the 1-based line `line`, at its end. */
async function goToLine(session: VSCodeSession, line: number): Promise<void> {
  await session.page.keyboard.press('Control+G');
  await session.typeInInput(`:${line}`, { submit: true });
  await session.quickInput.waitFor({ state: 'hidden', timeout: 5_000 });
  await session.page.keyboard.press('End');
}

/** Replaces line `line` (from its first non-blank character) with `text`, as typed. */
async function replaceLine(session: VSCodeSession, line: number, text: string): Promise<void> {
  await goToLine(session, line);
  await session.page.keyboard.press('Shift+Home');
  await session.page.keyboard.type(text);
}

function lineOf(text: string, line: string): number {
  const at = text.split('\n').findIndex((l) => l === line) + 1;
  assert.ok(at > 0, line);
  return at;
}

/**
 * Ctrl+Space until the suggest widget shows items (the first request may wait for the server), then
 * `filter` typed (the widget renders only the rows in view: a long list is narrowed, as a user does)
 * until it lists `label`. Returns the rows seen before and after the filter.
 */
async function suggestionsInclude(session: VSCodeSession, label: string, filter: string): Promise<{ first: string[]; filtered: string[] }> {
  const rowsNow = async () => (await session.page.locator('.suggest-widget .monaco-list-row').allTextContents()).map((t) => t.trim());
  let first: string[] = [];
  await waitFor(
    'completion to list items',
    async () => {
      if (!(await session.page.locator('.suggest-widget .monaco-list-row').first().isVisible())) {
        await session.page.keyboard.press('Control+Space');
      }
      first = await rowsNow();
      return first.length > 0;
    },
    60_000,
    500,
  );
  await session.page.keyboard.type(filter);
  let filtered: string[] = [];
  await waitFor(
    `completion to list ${label}`,
    async () => {
      filtered = await rowsNow();
      return filtered.some((r) => r === label || r.startsWith(label));
    },
    15_000,
    300,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; listed: ${JSON.stringify(first)} then ${JSON.stringify(filtered)}`);
  });
  return { first, filtered };
}

describe('Writing a job definition: completion and hover with the server unreachable', function () {
  const vsc = useVSCode(() => ({
    name: 'authoring-completion',
    settings: { 'lava.servers': [{ name: 'down', url: 'http://127.0.0.1:9' }] },
  }));

  it('completion after `to: ` in a deploy lists tmpfs; hover on `timeouts:` shows its description', async function () {
    this.timeout(4 * 60_000);
    const { session } = vsc;
    await openJob(session, 'job.yaml', QEMU_JOB);
    await replaceLine(session, lineOf(QEMU_JOB, '    to: tmpfs'), 'to: ');
    const rows = await suggestionsInclude(session, 'tmpfs', 'tmp');
    debug(`authoring completion e2e: to: → ${JSON.stringify(rows)}`);
    assert.ok(
      rows.first.some((r) => r.startsWith('docker')),
      `deploy methods first: ${JSON.stringify(rows.first)}`,
    );
    await session.page.keyboard.press('Escape');

    await goToLine(session, lineOf(QEMU_JOB, 'timeouts:'));
    await session.page.keyboard.press('Home');
    await session.runCommand('Show or Focus Hover');
    let hover = '';
    await waitFor(
      'the hover on timeouts:',
      async () => {
        hover = ((await session.page.locator('.monaco-hover').allTextContents()).join(' ') ?? '').replace(/\s+/g, ' ');
        return /How long the whole job/.test(hover);
      },
      30_000,
      300,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; hover: ${JSON.stringify(hover)}`);
    });
    assert.match(hover, /LAVA's documentation/);
  });
});

describe('Writing a job definition: device types from the real LAVA', function () {
  let lava: RealLava;
  before(function () {
    lava = requireRealLava(this)!;
  });
  const vsc = useVSCode(() => ({
    name: 'authoring-real',
    settings: { 'lava.servers': [{ name: 'real', url: lava.url }] },
  }));

  it('completion after `device_type: ` lists qemu', async function () {
    this.timeout(4 * 60_000);
    const { session } = vsc;
    await openJob(session, 'job.yaml', QEMU_JOB);
    await replaceLine(session, lineOf(QEMU_JOB, 'device_type: qemu'), 'device_type: ');
    const rows = await suggestionsInclude(session, 'qemu', 'qe');
    debug(`authoring completion e2e: device_type: → ${JSON.stringify(rows)}`);
  });
});
