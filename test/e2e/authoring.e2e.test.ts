/**
 * Writing a job definition in a real VS Code, with the LAVA server unreachable (issue 23, part A):
 * typing `to: tmpfz` in a deploy flags that line in Problems ("LAVA (offline)") within 2 s, without
 * saving; the quick fix (Ctrl+.) turns it into `to: tmpfs` and Problems is empty again.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { QEMU_JOB } from '../unit/core/jobSchema/jobs';
import { debug, useVSCode, VSCodeSession, waitFor } from './harness';

/** Quick Open (Ctrl+P) → the file → its editor, focused. */
async function openWorkspaceFile(session: VSCodeSession, name: string): Promise<void> {
  await session.closeInput();
  await session.page.keyboard.press('Control+P');
  await session.typeInInput(name);
  await session.pickItem(new RegExp(`^\\s*${name.replace('.', '\\.')}\\s*$`));
  await session.page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 15_000 });
  await session.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ force: true });
}

/** Replaces the 1-based line `line` of the active editor (from its first non-blank character) with `text`, as typed. */
async function replaceLine(session: VSCodeSession, line: number, text: string): Promise<void> {
  await session.page.keyboard.press('Control+G');
  await session.typeInInput(`:${line}`, { submit: true });
  await session.quickInput.waitFor({ state: 'hidden', timeout: 5_000 });
  await session.page.keyboard.press('End');
  await session.page.keyboard.press('Shift+Home');
  await session.page.keyboard.type(text);
}

/** The markers of the Problems view, without the file rows. */
async function problemRows(session: VSCodeSession): Promise<string[]> {
  return (await session.page.locator('.markers-panel .monaco-list-row').allTextContents())
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter((t) => /\[Ln \d+, Col \d+\]/.test(t));
}

describe('Writing a job definition offline: diagnostics as you type and their quick fix', function () {
  const vsc = useVSCode(() => ({
    name: 'authoring',
    // A server that cannot be reached: nothing here may need it.
    settings: { 'lava.servers': [{ name: 'down', url: 'http://127.0.0.1:9' }] },
  }));

  it('flags `to: tmpfz` in Problems within 2 s without saving; the quick fix makes it `to: tmpfs`', async function () {
    this.timeout(3 * 60_000);
    const { session } = vsc;
    fs.writeFileSync(path.join(session.workspaceDir, 'job.yaml'), QEMU_JOB);
    const line = QEMU_JOB.split('\n').findIndex((l) => l === '    to: tmpfs') + 1;
    assert.ok(line > 0);
    await openWorkspaceFile(session, 'job.yaml');
    // The extension is loaded when a YAML document opens (its CodeLens shows): then Problems is opened, empty.
    await session.page.locator('.codelens-decoration a', { hasText: 'Validate' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await session.runCommand('Problems: Focus on Problems View');
    await session.page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor('Problems to be empty at first', async () => (await problemRows(session)).length === 0, 30_000, 200);
    await session.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ force: true });

    await replaceLine(session, line, 'to: tmpfz');
    const typed = Date.now();
    let rows: string[] = [];
    await waitFor(
      'the typo in Problems',
      async () => {
        rows = await problemRows(session);
        return rows.some((r) => /tmpfz/.test(r));
      },
      30_000,
      100,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; Problems: ${JSON.stringify(rows)}`);
    });
    const elapsed = Date.now() - typed;
    debug(`authoring e2e: flagged after ${elapsed} ms: ${JSON.stringify(rows)}`);
    assert.strictEqual(rows.length, 1, JSON.stringify(rows));
    assert.match(rows[0], /did you mean `tmpfs`\?/);
    assert.match(rows[0], /LAVA \(offline\)/);
    assert.match(rows[0], new RegExp(`\\[Ln ${line}, Col \\d+\\]`), `not on line ${line}: ${rows[0]}`);
    assert.ok(elapsed <= 2000, `flagged after ${elapsed} ms (the goal: within 2 s of typing)`);

    // On `tmpfz` (clicked), Quick Fix… (Ctrl+.) offers the fix.
    await session.page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: 'tmpfz' }).first().click();
    await session.page.keyboard.press('End');
    const fix = session.page.locator('.action-widget .monaco-list-row', { hasText: 'Change to `tmpfs`' }).first();
    await session.page.keyboard.press('Control+.');
    const shown = await fix.waitFor({ state: 'visible', timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    if (!shown) {
      debug(
        `authoring e2e: Ctrl+. showed ${await session.page.locator('.action-widget').count()} action widgets; Quick Fix… from the palette`,
      );
      await session.runCommand('Quick Fix...');
      await fix.waitFor({ state: 'visible', timeout: 15_000 });
    }
    await fix.click();
    await waitFor(
      'the line to read `to: tmpfs`',
      async () =>
        ((await session.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().textContent()) ?? '')
          .replace(/\u00a0/g, ' ')
          .includes('to: tmpfs'),
      15_000,
      200,
    );
    await waitFor('Problems to be empty again', async () => (await problemRows(session)).length === 0, 15_000, 200);
  });
});
