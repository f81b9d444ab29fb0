/**
 * The job loop in a real VS Code against a REAL LAVA 2023.01 server (test/real/realLava.ts; pending
 * unless one is up): validate on save, Submit from the CodeLens, cancel, resubmit, MultiNode.
 *
 * A failing job is submitted when the file starts (it runs while VS Code starts) and followed;
 *   - job.yaml from the workspace: a wrong value typed and saved is flagged in Problems on its line
 *     (XML-RPC validate), fixed and saved (Problems empty), submitted from the CodeLens (its first
 *     Submit asks "Submit … to real?"): followed;
 *   - the failing job's Incomplete notification → Resubmit: the new job is followed;
 *   - that new job is canceled from LAVA: Show Followed Jobs (modal confirmation): it ends Canceled;
 *   - job-multinode.yaml submitted from its CodeLens: both roles followed in their own channels,
 *     ONE notification with each role's health; the first job ends Complete.
 * Every job it submitted is canceled when the file ends, whatever happened.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { OFFLINE_SOURCE } from '../../src/core/text/schemaText';
import { RealLava, requireRealLava, submit } from '../real/realLava';
import { debug, sleep, useVSCode, VSCodeSession, waitFor } from './harness';
import { channelOf, definition, docScreenshot, followJob, openWorkspaceFile, SET_TOKEN } from './scenario';

const SHOW_FOLLOWED = 'LAVA: Show Followed Jobs';
const JOB_MS = 4 * 60_000;

interface JobJson {
  id: number;
  state: string;
  health: string;
}

async function jobJson(lava: RealLava, id: string): Promise<JobJson> {
  const res = await fetch(`${lava.url}/api/v0.2/jobs/${id}/`, {
    headers: { Authorization: `Token ${lava.token}`, Accept: 'application/json' },
    signal: AbortSignal.timeout(20_000),
  });
  if (!res.ok) throw new Error(`GET job ${id}: HTTP ${res.status}`);
  return (await res.json()) as JobJson;
}

async function waitForState(lava: RealLava, id: string, state: 'Running' | 'Finished', timeoutMs = JOB_MS): Promise<JobJson> {
  return waitFor(
    `real LAVA job ${id} to be ${state}`,
    async () => {
      const job = await jobJson(lava, id);
      return job.state === state || (state === 'Running' && job.state === 'Finished') ? job : undefined;
    },
    timeoutMs,
    1000,
  );
}

/** Replaces the 1-based line `line` of the active editor with `text`, as typed. */
async function replaceLine(session: VSCodeSession, line: number, text: string): Promise<void> {
  await session.page.keyboard.press('Control+G');
  await session.typeInInput(`:${line}`, { submit: true });
  await session.quickInput.waitFor({ state: 'hidden', timeout: 5_000 });
  await session.page.keyboard.press('End');
  await session.page.keyboard.press('Shift+Home');
  await session.page.keyboard.type(text);
}

/** The markers of the Problems view (opened), without the file rows. */
async function problemRows(session: VSCodeSession): Promise<string[]> {
  if (!(await session.page.locator('.markers-panel').isVisible())) await session.runCommand('Problems: Focus on Problems View');
  return (await session.page.locator('.markers-panel .monaco-list-row').allTextContents())
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter((t) => /\[Ln \d+, Col \d+\]/.test(t));
}

async function clickLens(session: VSCodeSession, title: string): Promise<void> {
  const lens = session.page.locator('.codelens-decoration a', { hasText: title }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await lens.click();
}

/** A document's first Submit from its CodeLens: with one server, "Submit "<job>" (<file>) to real?" (modal) → Submit. */
async function firstSubmitFromLens(session: VSCodeSession, file: string): Promise<void> {
  await clickLens(session, 'Submit to LAVA…');
  const dialog = session.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match((await dialog.textContent()) ?? '', new RegExp(`Submit ".+" \\(${file.replace('.', '\\.')}\\) to real\\?`));
  await dialog.locator('.monaco-button', { hasText: /^\s*Submit\s*$/ }).click();
}

describe('The job loop on a real LAVA 2023.01 server: validate, submit, cancel, resubmit, MultiNode', function () {
  let lava: RealLava;
  let failId: string;
  const ours: string[] = [];
  let okId = '';
  let resubmittedId = '';

  before(function () {
    lava = requireRealLava(this)!;
    failId = submit(lava, 'fail');
    ours.push(failId);
    debug(`submit e2e: failing job ${failId}`);
  });
  after(async function () {
    this.timeout(60_000);
    if (!lava) return;
    for (const id of ours) {
      const job = await jobJson(lava, id).catch(() => undefined);
      if (!job || job.state === 'Finished') continue;
      await fetch(`${lava.url}/api/v0.2/jobs/${id}/cancel/`, {
        headers: { Authorization: `Token ${lava.token}` },
        signal: AbortSignal.timeout(20_000),
      }).catch(() => undefined);
      debug(`submit e2e: canceled job ${id} left behind`);
    }
  });
  const vsc = useVSCode(() => ({
    name: 'submit',
    settings: { 'lava.servers': [{ name: 'real', url: lava.url, username: 'admin' }], 'lava.pollMaxDelaySeconds': 1 },
  }));

  it('sets the token and follows the failing job', async function () {
    const { session } = vsc;
    fs.writeFileSync(path.join(session.workspaceDir, 'job.yaml'), definition(lava, 'job.yaml', 40));
    fs.writeFileSync(path.join(session.workspaceDir, 'job-multinode.yaml'), definition(lava, 'job-multinode.yaml'));
    // No LAVA command has run yet: the extension's code is loaded when a YAML document opens (its CodeLens shows).
    await openWorkspaceFile(session, 'job.yaml');
    await session.page.locator('.codelens-decoration a', { hasText: 'Validate' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await session.runCommand(SET_TOKEN);
    await session.waitForInputTitle('LAVA: Set Token… (real)');
    await session.typeInInput(lava.token);
    await session.submitInput();
    await session.waitForNotification(/^LAVA token saved for real\./);
    await followJob(session, failId);
    await session.waitForChannelText(channelOf(failId), () => true, 30_000);
    await session.clearNotifications();
  });

  it('flags a wrong value in Problems on its line after saving; fixed and saved, Problems is empty; Submit from the CodeLens follows the job', async function () {
    this.timeout(3 * 60_000);
    const { session } = vsc;
    await openWorkspaceFile(session, 'job.yaml');
    const lines = fs.readFileSync(path.join(session.workspaceDir, 'job.yaml'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.startsWith('visibility:')) + 1;
    assert.ok(line > 0);
    await replaceLine(session, line, 'visibility: publik');
    await session.page.keyboard.press('Control+S');
    let rows: string[] = [];
    await waitFor(
      'the wrong value in Problems',
      async () => {
        rows = await problemRows(session);
        return rows.some((r) => /not a valid value/.test(r) && !r.includes(OFFLINE_SOURCE));
      },
      30_000,
      300,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; Problems: ${JSON.stringify(rows)}`);
    });
    debug(`Problems: ${JSON.stringify(rows)}`);
    // The server's diagnostic ("LAVA", on save) and the offline one ("LAVA (offline)", as typed) stay apart.
    const server = rows.filter((r) => !r.includes(OFFLINE_SOURCE));
    const offline = rows.filter((r) => r.includes(OFFLINE_SOURCE));
    assert.strictEqual(server.length, 1, JSON.stringify(rows));
    assert.match(server[0], new RegExp(`\\[Ln ${line}, Col \\d+\\]`), `not on line ${line}: ${server[0]}`);
    assert.strictEqual(offline.length, 1, JSON.stringify(rows));
    assert.match(offline[0], new RegExp(`\\[Ln ${line}, Col \\d+\\]`), `not on line ${line}: ${offline[0]}`);
    await session.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ force: true });
    await sleep(500);
    await docScreenshot(session, 'submit-flagged');

    await replaceLine(session, line, 'visibility: public');
    await session.page.keyboard.press('Control+S');
    await waitFor('Problems to be empty', async () => (await problemRows(session)).length === 0, 30_000, 300);

    await firstSubmitFromLens(session, 'job.yaml');
    const note = await session.waitForNotification(/^Submitted to real: LAVA job \d+, followed\.$/, 60_000);
    okId = /job (\d+)/.exec(note.message)![1];
    ours.push(okId);
    assert.deepStrictEqual(note.buttons, ['Copy Job URL', 'Open in Browser']);
    await session.waitForChannelText(channelOf(okId), (text) => text.length > 0, 60_000);
    const job = await jobJson(lava, okId);
    assert.ok(['Submitted', 'Scheduling', 'Scheduled', 'Running'].includes(job.state), job.state);
  });

  it('resubmits the failing job from its Incomplete notification: the new job is followed at once', async function () {
    this.timeout(JOB_MS + 60_000);
    const { session } = vsc;
    await waitForState(lava, failId, 'Finished');
    const note = await session.waitForNotification(new RegExp(`^LAVA job ${failId} Incomplete`), 30_000);
    assert.deepStrictEqual(note.buttons, ['Go to Error', 'Resubmit', 'More…']);
    await session.clickNotificationButton(note, 'Resubmit');
    const done = await session.waitForNotification(
      new RegExp(`^Resubmitted LAVA job ${failId} on real: LAVA job \\d+, followed\\.$`),
      60_000,
    );
    resubmittedId = /LAVA job (\d+), followed/.exec(done.message)![1];
    ours.push(resubmittedId);
    assert.notStrictEqual(resubmittedId, failId);
    await session.waitForChannelText(channelOf(resubmittedId), (text) => text.length > 0, 60_000);
  });

  it('cancels the resubmitted job from Show Followed Jobs (after a modal confirmation): followed until Canceled, told once', async function () {
    this.timeout(JOB_MS + 60_000);
    const { session } = vsc;
    await waitForState(lava, resubmittedId, 'Running');
    // No "clear all" here or below: the first job's Complete notification may arrive meanwhile and is checked later.
    await session.runCommand(SHOW_FOLLOWED);
    await session.waitForInputTitle('LAVA: Followed Jobs');
    const row = session.quickInput
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: session.page.locator('.label-name', { hasText: new RegExp(`LAVA job ${resubmittedId}$`) }) })
      .first();
    await row.hover();
    await row.locator('.action-label[aria-label="Cancel Job…"], .action-label[title="Cancel Job…"]').first().click();
    const dialog = session.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await dialog.textContent()) ?? '', new RegExp(`Cancel LAVA job ${resubmittedId} on real\\?`));
    await dialog.locator('.monaco-button', { hasText: /^\s*Cancel Job\s*$/ }).click();
    const job = await waitForState(lava, resubmittedId, 'Finished', 90_000);
    assert.strictEqual(job.health, 'Canceled');
    await session.waitForNotification(new RegExp(`^LAVA job ${resubmittedId} Canceled`), 30_000);
    await sleep(2000);
    const all = await session.allNotificationMessages();
    assert.strictEqual(all.filter((m) => new RegExp(`^LAVA job ${resubmittedId} Canceled`).test(m)).length, 1, JSON.stringify(all));
  });

  it("submits the MultiNode job from its CodeLens: both roles followed, ONE notification with each role's health; the first job Complete", async function () {
    this.timeout(2 * JOB_MS);
    const { session } = vsc;
    await openWorkspaceFile(session, 'job-multinode.yaml');
    await firstSubmitFromLens(session, 'job-multinode.yaml');
    const note = await session.waitForNotification(
      /^Submitted to real: MultiNode job \d+, following server \(job \d+\), client \(job \d+\)\.$/,
      60_000,
    );
    const [, parent, server, client] = /MultiNode job (\d+), following server \(job (\d+)\), client \(job (\d+)\)/.exec(note.message)!;
    ours.push(server, client);
    assert.strictEqual(server, parent);
    await session.waitForChannelText(channelOf(server), (text) => text.length > 0, 60_000);
    await session.waitForChannelText(channelOf(client), (text) => text.length > 0, 60_000);

    // The single job submitted from the CodeLens ends Complete (its own notification).
    assert.strictEqual((await waitForState(lava, okId, 'Finished')).health, 'Complete');
    await session.waitForNotification(new RegExp(`^LAVA job ${okId} Complete`), 30_000);

    for (const id of [server, client]) assert.strictEqual((await waitForState(lava, id, 'Finished')).health, 'Complete');
    // Both roles' channels hold their whole log, to LAVA's own last record.
    for (const id of [server, client]) {
      await session.waitForChannelText(channelOf(id), (text) => text.includes('RESULT lava/job: pass'), 60_000);
    }
    const want = `LAVA MultiNode job ${parent}: server (${server}) Complete, client (${client}) Complete`;
    const end = await session.waitForNotification(new RegExp(`^${want.replace(/[()]/g, '\\$&')}$`), 120_000);
    assert.deepStrictEqual(end.buttons, ['Open in Browser']);
    await sleep(2000);
    const all = await session.allNotificationMessages();
    assert.strictEqual(all.filter((m) => m.startsWith(`LAVA MultiNode job ${parent}:`)).length, 1, JSON.stringify(all));
    assert.ok(
      !all.some((m) => new RegExp(`^LAVA job (${server}|${client}) `).test(m)),
      `a sub-job notified on its own: ${JSON.stringify(all)}`,
    );
  });
});
