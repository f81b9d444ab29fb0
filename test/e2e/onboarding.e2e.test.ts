/**
 * A user's first hour (issue 24) in a real VS Code:
 *   - the walkthrough (Welcome: Open Walkthrough… → Get Started with LAVA Follow) opens, and its first
 *     step's button runs LAVA: Add Server… (its input box asks for the URL);
 *   - the installed extension's page shows the README's screenshots (relative images packed in the .vsix,
 *     no placeholder URL);
 *   - on a REAL LAVA (pending without one): Cancel Job… in a job log document's editor title menu ("…")
 *     cancels THAT job, asking nothing but the confirmation.
 */
import * as assert from 'assert';
import { RealLava, realLava, submit } from '../real/realLava';
import { debug, useVSCode, VSCodeSession, waitFor } from './harness';
import { setRealToken } from './scenario';

const WALKTHROUGH = 'Get Started with LAVA Follow';

/** The README as the installed extension's page shows it (a webview: the frame whose text is the README's). */
async function readmeFrame(session: VSCodeSession): Promise<{ rows: string[]; text: string; images: string[] } | undefined> {
  for (const frame of session.page.frames()) {
    const found = await frame
      .evaluate(() => {
        if (!document.body || !/LAVA Follow is a VS Code extension/.test(document.body.innerText)) return undefined;
        return {
          rows: Array.from(document.querySelectorAll('tr')).map((tr) => (tr.textContent ?? '').replace(/\s+/g, ' ').trim()),
          text: document.body.innerText,
          images: Array.from(document.querySelectorAll('img')).map((img) => img.getAttribute('src') ?? ''),
        };
      })
      .catch(() => undefined);
    if (found) return found;
  }
  return undefined;
}

describe('LAVA Follow: onboarding (code-server + chromium)', function () {
  const vsc = useVSCode(() => ({ name: 'onboarding', settings: {} }));

  it("the walkthrough opens and its first step's button runs Add Server…", async function () {
    this.timeout(3 * 60_000);
    const { session } = vsc;
    await session.runCommand('Welcome: Open Walkthrough...');
    await session.pickItem(new RegExp(WALKTHROUGH));
    const page = session.page;
    await page
      .locator('.getting-started-category .category-title, .gettingStartedSlide .category-title', { hasText: WALKTHROUGH })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    // The first step is open: its title, then its button.
    await page.locator('.getting-started-step', { hasText: 'Add your LAVA server' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const button = page.getByRole('button', { name: 'Add Server…', exact: true }).first();
    await button.waitFor({ state: 'visible', timeout: 15_000 });
    await session.screenshot('walkthrough');
    await button.click();
    await session.waitForInputTitle('LAVA: Add Server…', 30_000);
    assert.match(await session.inputPrompt(), /URL of the LAVA server/);
    await session.closeInput();
  });

  it("the installed extension's page renders the README: every Commands row a table row, no placeholder URL", async function () {
    this.timeout(3 * 60_000);
    const { session } = vsc;
    await session.runCommand('Extensions: Show Installed Extensions');
    const item = session.page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'LAVA Follow' }).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    await item.click();
    const readme = await waitFor('the README in the extension page', () => readmeFrame(session), 60_000, 500);
    debug(`README images: ${JSON.stringify(readme.images)}`);
    for (const command of ['LAVA: Follow Job…', 'LAVA: Open Job Log…', 'LAVA: Close Job Channel…', 'LAVA: Show Results']) {
      assert.ok(
        readme.rows.some((r) => r.startsWith(command)),
        `no table row for ${command}: ${JSON.stringify(readme.rows.slice(0, 20))}`,
      );
    }
    assert.doesNotMatch(readme.text, /^\s*\|/m, 'a table row shown as raw text');
    assert.ok(
      readme.images.every((src) => !/example\.invalid/.test(src)),
      JSON.stringify(readme.images),
    );
    await session.screenshot('extension-page');
  });
});

describe("LAVA Follow: a job log document's menu acts on its job (real LAVA)", function () {
  let lava: RealLava | undefined;
  let jobId = '';
  before(function () {
    lava = realLava();
    if (!lava) {
      if (process.env.REQUIRE_REAL_LAVA === '1') throw new Error('REQUIRE_REAL_LAVA=1 but no real LAVA');
      this.skip();
    }
    jobId = submit(lava, 'complete', 1); // a longer job (its loop 150 s): still running (or queued) when it is canceled
    debug(`onboarding e2e: job ${jobId}`);
  });
  after(async function () {
    this.timeout(60_000);
    if (!lava || !jobId) return;
    await fetch(`${lava.url}/api/v0.2/jobs/${jobId}/cancel/`, {
      headers: { Authorization: `Token ${lava.token}` },
      signal: AbortSignal.timeout(20_000),
    }).catch(() => undefined);
  });
  const vsc = useVSCode(() => ({
    name: 'menus',
    settings: { 'lava.servers': [{ name: 'real', url: lava!.url, username: 'admin' }], 'lava.pollMaxDelaySeconds': 1 },
  }));

  it("Cancel Job… in the job log's title menu cancels that job without asking which", async function () {
    this.timeout(5 * 60_000);
    const { session } = vsc;
    const l = lava!;
    await setRealToken(session, l.token);
    await session.runCommand('LAVA: Open Job Log…');
    await session.typeInInput(jobId, { title: 'LAVA: Open Job Log' }); // the input's title has no "…"
    await session.submitInput();
    const tab = session.page.locator('.tabs-container .tab', { hasText: `LAVA job ${jobId}.lava-log` }).first();
    await tab.waitFor({ timeout: 30_000 });
    await tab.click();
    // The editor title's "…" (More Actions), then Cancel Job….
    await session.page
      .locator('.editor-group-container.active .editor-actions')
      .getByRole('button', { name: /^More Actions/ })
      .first()
      .click();
    const item = session.page.locator('.context-view .action-menu-item', { hasText: /^\s*Cancel Job…\s*$/ }).first();
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    await item.hover();
    await item.click();
    const dialog = session.page.locator('.monaco-dialog-box');
    // VS Code's menu acts on mouse up of a press it saw begin; if the click was taken for a hover, Enter runs the focused item.
    const shown = await dialog.waitFor({ state: 'visible', timeout: 3_000 }).then(
      () => true,
      () => false,
    );
    if (!shown) {
      assert.strictEqual(await session.inputIsOpen(), false, 'a question which job was asked');
      await session.page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    }
    assert.strictEqual(await session.inputIsOpen(), false, 'a question which job was asked');
    assert.match((await dialog.textContent()) ?? '', new RegExp(`\\b${jobId}\\b`));
    await dialog.locator('.monaco-button', { hasText: 'Cancel Job' }).first().click();
    // The job is followed (by its document): told in the status bar; anything else is in a notification.
    await waitFor(
      'the cancel told in the status bar',
      async () => /cancel/i.test((await session.page.locator('.part.statusbar').textContent()) ?? ''),
      60_000,
      300,
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}; notifications: ${JSON.stringify(await session.allNotificationMessages())}`);
    });
    const ended = await waitFor(
      `real LAVA job ${jobId} to end`,
      async () => {
        const res = await fetch(`${l.url}/api/v0.2/jobs/${jobId}/`, {
          headers: { Authorization: `Token ${l.token}`, Accept: 'application/json' },
          signal: AbortSignal.timeout(20_000),
        });
        const job = (await res.json()) as { state: string; health: string };
        return job.state === 'Finished' ? job : undefined;
      },
      180_000,
      1000,
    );
    assert.strictEqual(ended.health, 'Canceled');
  });
});
