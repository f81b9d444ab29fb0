/**
 * The Testing view on a REAL LAVA 2023.01 (issue 22): after following the failing job, the Testing
 * view shows suite `0_progress-demo` with `progress-loop` failed and LAVA's own `lava` cases passed;
 * Go to Test on the failed case opens the job log with the cursor on that case's `results` line.
 * (Pending without a real LAVA, an error with REQUIRE_REAL_LAVA=1 and none.)
 */
import * as assert from 'assert';
import { formatRecord } from '../../src/core/log/format';
import { parseRecords } from '../../src/core/log/records';
import { lavaGet, RealLava, requireRealLava, submit } from '../real/realLava';
import { debug, useVSCode, VSCodeSession, waitFor } from './harness';
import * as fs from 'fs';
import * as path from 'path';
import { definition, followJob, openWorkspaceFile, setRealToken } from './scenario';

const REAL_TIMEOUT_MS = 6 * 60_000;

/** Rows of the Testing view's tree, by their own label (without description and duration). */
function testRows(session: VSCodeSession) {
  const rows = session.page.locator('.test-explorer .monaco-list-row');
  // A row (VS Code's test explorer renderer): `.computed-state` (the state's codicon), then `.label`: the
  // item's label followed by `span.test-label-description` (description, duration: `LAVA job 152` + `95.5s`).
  const row = (label: string) =>
    waitFor(
      `the Testing view row "${label}"`,
      async () => {
        const index = await rows.evaluateAll(
          (els, want) =>
            els.findIndex((el) => {
              const text = el.querySelector('.label');
              if (!text) return false;
              const own = Array.from(text.childNodes)
                .filter((n) => !(n instanceof HTMLElement && n.classList.contains('test-label-description')))
                .map((n) => n.textContent ?? '')
                .join('')
                .trim();
              return own === want;
            }),
          label,
        );
        return index >= 0 ? rows.nth(index) : undefined;
      },
      60_000,
      300,
    );
  const expand = async (label: string) => {
    const r = await row(label);
    if ((await r.getAttribute('aria-expanded')) === 'false') await r.locator('.monaco-tl-twistie').click();
  };
  return { rows, row, expand };
}

/** The context menu of the row labelled `label` → `action`. */
async function rowAction(session: VSCodeSession, label: string, action: string): Promise<void> {
  // The tree is redrawn as results arrive: a click on the menu can land while it is being redrawn and
  // do nothing. The menu is opened again until a click on the action closes it.
  const menu = session.page.locator('.context-view .monaco-menu');
  await waitFor(
    `the row's context menu to run "${action}"`,
    async () => {
      if (await menu.isVisible()) await session.page.keyboard.press('Escape');
      // The row found again each time: its place in the list moves as items are added.
      await (await testRows(session).row(label)).click({ button: 'right' });
      const item = session.page.locator('.context-view .action-label', { hasText: new RegExp(`^${action}$`) }).first();
      await item.waitFor({ state: 'visible', timeout: 5_000 });
      await item.click();
      return menu
        .waitFor({ state: 'hidden', timeout: 3_000 })
        .then(() => true)
        .catch(() => false);
    },
    60_000,
    500,
  );
}

describe('The Testing view on a real LAVA 2023.01 server (code-server + chromium)', function () {
  let lava: RealLava;
  let failId: string;
  /** The job ▶ submitted (job.yaml: progress-loop passes). */
  let runId = '';

  before(function () {
    lava = requireRealLava(this)!;
    failId = submit(lava, 'fail');
    debug(`real LAVA job: fail ${failId}`);
  });
  const vsc = useVSCode(() => ({
    name: 'testing-view',
    settings: { 'lava.servers': [{ name: 'real', url: lava.url }], 'lava.pollMaxDelaySeconds': 1 },
  }));

  it('a followed failing job: 0_progress-demo/progress-loop failed, lava cases passed', async function () {
    this.timeout(REAL_TIMEOUT_MS + 120_000);
    const { session } = vsc;
    await setRealToken(session, lava.token);

    await followJob(session, `${lava.url}/scheduler/job/${failId}`);
    await session.waitForNotification(new RegExp(`^LAVA job ${failId} Incomplete — `), REAL_TIMEOUT_MS);
    await session.clearNotifications();

    await session.runCommand('Testing: Focus on Test Explorer View');
    const { rows, row, expand } = testRows(session);
    await expand(`LAVA job ${failId}`);
    await expand('0_progress-demo');
    const loop = await row('progress-loop');
    await waitFor('progress-loop shown failed', async () => (await loop.locator('.codicon-testing-failed-icon').count()) > 0, 60_000, 300);
    await expand('lava');
    await waitFor('a lava case shown passed', async () => (await rows.locator('.codicon-testing-passed-icon').count()) > 0, 30_000, 300);

    // Go to Test on the failed case: the job log opens with the cursor on its `results` record's line
    // (the document shows every level with the time column, as the job's records formatted).
    const records = parseRecords(await lavaGet(lava, `jobs/${failId}/logs/`, '*/*')).records;
    const at = records.findIndex((r) => r.lvl === 'results' && (r.msg as { case?: unknown } | undefined)?.case === 'progress-loop');
    assert.ok(at > 0, 'the failing job logged the results of progress-loop');
    const caseLine = records
      .slice(0, at)
      .map((r) => formatRecord(r, { time: 'utc' }))
      .join('')
      .split('\n').length;
    await rowAction(session, 'progress-loop', 'Go to Test');
    await session.page
      .locator('.tabs-container .tab', { hasText: `LAVA job ${failId}.lava-log` })
      .first()
      .waitFor({ timeout: 30_000 });
    let seen = '';
    await waitFor(
      `the cursor on progress-loop's line ${caseLine}`,
      async () => {
        seen = (await session.page.locator('[id="status.editor.selection"]').first().textContent()) ?? '';
        return /Ln (\d+)/.exec(seen)?.[1] === String(caseLine);
      },
      30_000,
      300,
    ).catch((err: Error) => {
      throw new Error(`${err.message} (status bar: ${seen})`, { cause: err });
    });
  });

  it("▶ on the workspace's job definition submits it to the server, follows the job, and the run ends with its results", async function () {
    this.timeout(REAL_TIMEOUT_MS + 120_000);
    const { session } = vsc;
    fs.writeFileSync(path.join(session.workspaceDir, 'job.yaml'), definition(lava, 'job.yaml', 20));
    await openWorkspaceFile(session, 'job.yaml');
    await session.runCommand('Testing: Focus on Test Explorer View');
    const { row, expand } = testRows(session);
    await row('LAVA job definition job.yaml');
    await rowAction(session, 'LAVA job definition job.yaml', 'Run Test');
    // Its first submit asks, as the CodeLens does: "Submit "<job>" (job.yaml) to real?" (modal).
    const dialog = session.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await dialog.textContent()) ?? '', /Submit ".+" \(job\.yaml\) to real\?/);
    await dialog.locator('.monaco-button', { hasText: /^\s*Submit\s*$/ }).click();
    const note = await session.waitForNotification(/^Submitted to real: LAVA job \d+, followed\.$/, 60_000);
    const jobId = /job (\d+)/.exec(note.message)![1];
    runId = jobId;
    debug(`▶ submitted job ${jobId}`);
    try {
      // The run ends with the job: job.yaml's test has one deliberate failure (`expected-failure`), so the
      // definition's run ends failed; the job's cases are in the view, progress-loop passed.
      await waitFor(
        "the definition's run to end failed (its job's deliberate failure)",
        async () => (await (await row('LAVA job definition job.yaml')).locator('.codicon-testing-failed-icon').count()) > 0,
        REAL_TIMEOUT_MS,
        1000,
      );
      assert.strictEqual(
        (JSON.parse(await lavaGet(lava, `jobs/${jobId}/`)) as { state: string }).state,
        'Finished',
        'the run ended with the job',
      );
      // The first test's job (its own progress-loop, failed) folded away: the rows below are the new job's.
      const first = await row(`LAVA job ${failId}`);
      if ((await first.getAttribute('aria-expanded')) === 'true') await first.locator('.monaco-tl-twistie').click();
      await expand(`LAVA job ${jobId}`);
      await expand('0_progress-demo');
      const loop = await row('progress-loop');
      await waitFor(
        'progress-loop shown passed',
        async () => (await loop.locator('.codicon-testing-passed-icon').count()) > 0,
        60_000,
        300,
      );
      const failure = await row('expected-failure');
      await waitFor(
        'expected-failure shown failed',
        async () => (await failure.locator('.codicon-testing-failed-icon').count()) > 0,
        60_000,
        300,
      );
    } finally {
      const job = JSON.parse(await lavaGet(lava, `jobs/${jobId}/`)) as { state: string };
      if (job.state !== 'Finished')
        await fetch(`${lava.url}/api/v0.2/jobs/${jobId}/cancel/`, { headers: { Authorization: `Token ${lava.token}` } });
    }
  });

  it('Compare with Previous Run on the failing job, against the job ▶ ran: progress-loop newly failing', async function () {
    this.timeout(3 * 60_000);
    if (!runId) this.skip();
    const { session } = vsc;
    await session.runCommand('Testing: Focus on Test Explorer View');
    await testRows(session).row(`LAVA job ${failId}`);
    await rowAction(session, `LAVA job ${failId}`, 'Compare with Previous Run');
    await session.typeInInput(runId, { submit: true });
    const tab = session.page.locator('.tabs-container .tab', { hasText: `${failId}` }).first();
    await tab.waitFor({ timeout: 60_000 });
    let text = '';
    await waitFor(
      'the comparison listing progress-loop as newly failing',
      async () => {
        text = ((await session.page.locator('.editor-group-container.active .view-lines').first().innerText()) ?? '').replace(
          /\u00a0/g,
          ' ',
        );
        return /Newly failing \(\d+\)\s+0_progress-demo \/ progress-loop {2}\(pass → fail\)/.test(text);
      },
      60_000,
      500,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; the document: ${JSON.stringify(text.slice(0, 600))}`, { cause: err });
    });
  });
});
