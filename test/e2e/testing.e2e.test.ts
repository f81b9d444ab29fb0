/**
 * The Testing view on a REAL LAVA 2023.01 (issue 22): after following the failing job, the Testing
 * view shows suite `0_progress-demo` with `progress-loop` failed and LAVA's own `lava` cases passed;
 * Go to Test on the failed case opens the job log with the cursor on that case's results line.
 * (Pending without a real LAVA, an error with REQUIRE_REAL_LAVA=1 and none.)
 */
import * as assert from 'assert';
import { formatRecord } from '../../src/core/log/format';
import { parseRecords } from '../../src/core/log/records';
import { RealLava, requireRealLava, submit } from '../real/realLava';
import { debug, useVSCode, waitFor } from './harness';
import { followJob, setRealToken } from './scenario';

const REAL_TIMEOUT_MS = 6 * 60_000;

describe('The Testing view on a real LAVA 2023.01 server (code-server + chromium)', function () {
  let lava: RealLava;
  let failId: string;

  before(function () {
    lava = requireRealLava(this)!;
    failId = submit(lava, 'fail');
    debug(`real LAVA job: fail ${failId}`);
  });
  const vsc = useVSCode(() => ({
    name: 'testing-view',
    settings: { 'lava.servers': [{ name: 'real', url: lava.url }], 'lava.pollMaxDelaySeconds': 1 },
  }));

  it('a followed failing job: 0_progress-demo/progress-loop failed, lava cases passed; Go to Test opens its results line', async function () {
    this.timeout(REAL_TIMEOUT_MS + 120_000);
    const { session } = vsc;
    await setRealToken(session, lava.token);

    await followJob(session, `${lava.url}/scheduler/job/${failId}`);
    await session.waitForNotification(new RegExp(`^LAVA job ${failId} Incomplete — `), REAL_TIMEOUT_MS);
    await session.clearNotifications();

    await session.runCommand('Testing: Focus on Test Explorer View');
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
    await expand(`LAVA job ${failId}`);
    await expand('0_progress-demo');
    const loop = await row('progress-loop');
    await waitFor('progress-loop shown failed', async () => (await loop.locator('.codicon-testing-failed-icon').count()) > 0, 60_000, 300);
    await expand('lava');
    await waitFor('a lava case shown passed', async () => (await rows.locator('.codicon-testing-passed-icon').count()) > 0, 30_000, 300);

    // Go to Test: the job log, the cursor on progress-loop's results line.
    const body = await (
      await fetch(`${lava.url}/api/v0.2/jobs/${failId}/logs/`, {
        headers: { Authorization: `Token ${lava.token}` },
        signal: AbortSignal.timeout(20_000),
      })
    ).text();
    const records = parseRecords(body).records;
    const at = records.findIndex(
      (r) => r.lvl === 'results' && typeof r.msg === 'object' && (r.msg as Record<string, unknown>).case === 'progress-loop',
    );
    assert.ok(at >= 0, 'the failing job has no progress-loop results record');
    const line = records
      .slice(0, at)
      .map((r) => formatRecord(r, { time: 'utc' }))
      .join('')
      .split('\n').length;
    await loop.click({ button: 'right' });
    // The menu item's text may end with its keybinding; hovered first (VS Code's menu acts on a press it saw begin).
    const goToTest = session.page.locator('.context-view .action-menu-item', { hasText: /^\s*Go to Test/ }).first();
    await goToTest.hover();
    await goToTest.click();
    const tab = session.page.locator('.tabs-container .tab', { hasText: `LAVA job ${failId}.lava-log` }).first();
    const opened = await tab.waitFor({ timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (!opened) await session.page.keyboard.press('Enter');
    await tab.waitFor({ timeout: 30_000 });
    await waitFor(
      `the cursor on progress-loop's line ${line}`,
      async () =>
        /Ln (\d+)/.exec((await session.page.locator('[id="status.editor.selection"]').first().textContent()) ?? '')?.[1] === String(line),
      30_000,
      300,
    );
  });
});
