/**
 * Submit consent and Restricted Mode in a real VS Code, against simulated LAVA servers (REST):
 *   - trusted workspace, two servers: the first Submit from the CodeLens asks which server, its
 *     title naming the job and the file; the answer is remembered (the CodeLens then names the
 *     server, the second Submit does not ask, also after a window reload); "Other server…" offers
 *     every configured server;
 *   - untrusted workspace (Restricted Mode): saving a job definition sends nothing (the simulator
 *     counts requests); every Submit asks in a modal dialog naming the job and the server.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { LavaSimulator } from '../simulator/server';
import { definitionText } from '../unit/core/submit/cases';
import { debug, sleep, useVSCode, VSCodeSession, waitFor } from './harness';
import { SET_TOKEN } from './scenario';

const JOB_NAME = 'real-lava qemu busybox progress (complete)';
const PICK_TITLE = `Submit "${JOB_NAME}" (job.yaml) to which LAVA server?`;
const SUBMITS = (sim: LavaSimulator) => sim.requests.filter((r) => r.method === 'POST' && r.path === '/api/v0.2/jobs/').length;

const settings = (servers: { name: string; url: string }[]) => ({
  'lava.servers': servers,
  'lava.pollMinDelaySeconds': 0.2,
  'lava.pollMaxDelaySeconds': 0.5,
  'lava.requestTimeoutSeconds': 5,
});

/** Quick Open (Ctrl+P) → the file → its editor. */
async function openWorkspaceFile(session: VSCodeSession, name: string): Promise<void> {
  await session.closeInput();
  await session.page.keyboard.press('Control+P');
  await session.typeInInput(name);
  await session.pickItem(new RegExp(`^\\s*${name.replace('.', '\\.')}\\s*$`));
  await session.page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: 15_000 });
  await session.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ force: true });
}

function lens(session: VSCodeSession, title: string) {
  const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return session.page.locator('.codelens-decoration a', { hasText: exact }).first();
}

async function clickLens(session: VSCodeSession, title: string): Promise<void> {
  await lens(session, title).waitFor({ state: 'visible', timeout: 30_000 });
  await lens(session, title).click();
}

/**
 * Clicks a CodeLens until the modal dialog shows. Just after an edit, VS Code may still show the
 * CodeLens of the text before it while their commands are already released (the extension host
 * logs "Actual command not found"): the click does nothing, and a person clicks again.
 */
async function clickLensForDialog(session: VSCodeSession, title: string): Promise<void> {
  const dialog = session.page.locator('.monaco-dialog-box');
  for (let attempt = 1; ; attempt++) {
    await clickLens(session, title);
    const shown = await dialog.waitFor({ state: 'visible', timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (shown) return;
    if (attempt === 3) throw new Error(`e2e: clicking the CodeLens "${title}" three times showed no dialog`);
    debug(`consent e2e: the CodeLens "${title}" did nothing (attempt ${attempt})`);
  }
}

/** The CodeLens titles above the definition. */
async function lensTitles(session: VSCodeSession): Promise<string[]> {
  return (await session.page.locator('.codelens-decoration a').allTextContents()).map((t) => t.trim());
}

/** LAVA: Set Token… for `server` (`pick`: several servers are configured, so it asks which). */
async function setToken(session: VSCodeSession, server: string, token: string, pick: boolean): Promise<void> {
  await session.runCommand(SET_TOKEN);
  if (pick) await session.pickItem(server);
  await session.waitForInputTitle(`LAVA: Set Token… (${server})`);
  await session.typeInInput(token);
  await session.submitInput();
  await session.waitForNotification(new RegExp(`^LAVA token saved for ${server}\\.`));
  await session.clearNotifications();
}

describe('Submit consent: the CodeLens asks once per document which server (code-server + chromium)', function () {
  let lab: LavaSimulator;
  let farm: LavaSimulator;
  before(async function () {
    [lab, farm] = await Promise.all([LavaSimulator.start({ port: 0 }), LavaSimulator.start({ port: 0 })]);
  });
  after(async function () {
    await Promise.all([lab?.close(), farm?.close()]);
  });
  const vsc = useVSCode(() => ({
    name: 'consent',
    settings: settings([
      { name: 'lab', url: lab.url },
      { name: 'farm', url: farm.url },
    ]),
  }));

  it('asks which server, naming the job; the second Submit of the same document does not ask; the CodeLens names the server', async function () {
    this.timeout(3 * 60_000);
    const { session } = vsc;
    fs.writeFileSync(path.join(session.workspaceDir, 'job.yaml'), definitionText('valid-job'));
    await openWorkspaceFile(session, 'job.yaml');
    await setToken(session, 'lab', 'consent-e2e-token-1', true);
    await openWorkspaceFile(session, 'job.yaml');

    // Nothing chosen yet: the CodeLens does not name a server, and asks.
    await clickLens(session, 'Submit to LAVA…');
    await session.waitForInputTitle(PICK_TITLE);
    const rows = (await session.quickInput.locator('.quick-input-list .monaco-list-row').allInnerTexts()).map((r) =>
      r.replace(/\s+/g, ' '),
    );
    assert.strictEqual(rows.length, 2, JSON.stringify(rows));
    assert.match(rows[0], /^lab\s*http/);
    assert.match(rows[1], /^farm\s*http/);
    assert.strictEqual(SUBMITS(lab) + SUBMITS(farm), 0, 'sent before the answer');
    await session.pickItem('lab');
    await session.waitForNotification(/^Submitted to lab: LAVA job \d+, followed\.$/, 60_000);
    assert.strictEqual(SUBMITS(lab), 1);
    assert.strictEqual(SUBMITS(farm), 0);

    // Remembered: the CodeLens names the server, and a second Submit goes without a question.
    await lens(session, 'Submit to lab').waitFor({ state: 'visible', timeout: 15_000 });
    assert.deepStrictEqual(await lensTitles(session), ['Validate', 'Submit to lab', 'Other server…']);
    await session.clearNotifications();
    await clickLens(session, 'Submit to lab');
    await waitFor('the second submission', () => SUBMITS(lab) === 2, 30_000, 100);
    assert.strictEqual(await session.inputIsOpen(), false, 'a question was asked');
    assert.strictEqual(await session.page.locator('.monaco-dialog-box').isVisible(), false, 'a dialog was shown');
    await session.waitForNotification(/^Submitted to lab: LAVA job \d+, followed\.$/, 60_000);

    // "Other server…": every configured server, the chosen one first, then Add Server…; Escape sends nothing.
    await clickLens(session, 'Other server…');
    await session.waitForInputTitle(PICK_TITLE);
    const again = (await session.quickInput.locator('.quick-input-list .monaco-list-row').allInnerTexts()).map((r) =>
      r.replace(/\s+/g, ' '),
    );
    assert.strictEqual(again.length, 3, JSON.stringify(again));
    assert.match(again[0], /^lab\s*http.*chosen for this file/);
    assert.match(again[2], /^Add Server…/);
    await session.page.keyboard.press('Escape');
    await sleep(1000);
    assert.strictEqual(SUBMITS(lab), 2);
    assert.strictEqual(SUBMITS(farm), 0);
  });

  it('remembers the choice across a window reload', async function () {
    this.timeout(3 * 60_000);
    const { session } = vsc;
    await session.runCommand('Developer: Reload Window');
    await session.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 90_000 });
    if (!(await session.page.locator('.tab.active', { hasText: 'job.yaml' }).isVisible())) await openWorkspaceFile(session, 'job.yaml');
    await lens(session, 'Submit to lab').waitFor({ state: 'visible', timeout: 60_000 });
    await clickLens(session, 'Submit to lab');
    await waitFor('the third submission', () => SUBMITS(lab) === 3, 30_000, 100);
    assert.strictEqual(await session.inputIsOpen(), false, 'a question was asked');
  });
});

describe('Restricted Mode: nothing sent on save, every Submit confirmed (code-server + chromium)', function () {
  let lab: LavaSimulator;
  before(async function () {
    lab = await LavaSimulator.start({ port: 0 });
  });
  after(async function () {
    await lab?.close();
  });
  const vsc = useVSCode(() => ({ name: 'restricted', restrictedMode: true, settings: settings([{ name: 'lab', url: lab.url }]) }));

  it('saving a job definition sends nothing; Submit asks in a modal naming the job and the server, each time', async function () {
    this.timeout(3 * 60_000);
    const { session } = vsc;
    fs.writeFileSync(path.join(session.workspaceDir, 'job.yaml'), definitionText('valid-job'));
    await openWorkspaceFile(session, 'job.yaml');
    await lens(session, 'Submit to LAVA…').waitFor({ state: 'visible', timeout: 60_000 });
    await setToken(session, 'lab', 'consent-e2e-token-2', false);

    // Edited and saved: validation on save is on (the default), but the workspace is not trusted.
    await openWorkspaceFile(session, 'job.yaml');
    const before = lab.requests.length;
    await session.page.keyboard.press('Control+End');
    await session.page.keyboard.type('# edited\n');
    await session.page.keyboard.press('Control+S');
    await sleep(2500); // validation on save waits 600 ms after the last save
    assert.deepStrictEqual(
      lab.requests.slice(before).map((r) => `${r.method} ${r.path}`),
      [],
      'a save sent something in Restricted Mode',
    );
    await session.page
      .locator('.part.statusbar', { hasText: 'not validated on save in Restricted Mode' })
      .waitFor({ state: 'visible', timeout: 5_000 });
    await session.page.keyboard.press('Control+Home'); // the CodeLens is at the top

    // Submit: a modal naming the job and the server; then sent.
    await clickLensForDialog(session, 'Submit to LAVA…');
    const dialog = session.page.locator('.monaco-dialog-box');
    assert.match(
      (await dialog.textContent()) ?? '',
      new RegExp(`Submit "${JOB_NAME.replace(/[()]/g, '\\$&')}" \\(job\\.yaml\\) to lab\\?`),
    );
    assert.strictEqual(SUBMITS(lab), 0);
    await dialog.locator('.monaco-button', { hasText: /^\s*Submit\s*$/ }).click();
    await session.waitForNotification(/^Submitted to lab: LAVA job \d+, followed\.$/, 60_000);
    assert.strictEqual(SUBMITS(lab), 1);

    // Remembered, yet asked again (Restricted Mode): Cancel sends nothing.
    await clickLensForDialog(session, 'Submit to lab…');
    assert.match((await dialog.textContent()) ?? '', /Restricted Mode/);
    await dialog.locator('.monaco-button', { hasText: /^\s*Cancel\s*$/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    await sleep(1000);
    assert.strictEqual(SUBMITS(lab), 1);
  });
});
