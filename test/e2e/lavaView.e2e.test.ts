/**
 * The LAVA view in a real VS Code against a REAL LAVA 2023.01 server (test/real/realLava.ts; skipped
 * unless one is up, an error when REQUIRE_REAL_LAVA=1 and none is). Events are not wired yet: the
 * views read the lists when first shown, then poll while visible.
 *   - a Complete job (its loop slowed) is submitted when the file starts; once LAVA runs it, the LAVA
 *     container is opened: the job is under Running with its device;
 *   - Devices: qemu01 under the qemu device type with its health (Good on a fresh LAVA), and the job as its device's current job;
 *   - Cancel from the job's context menu (confirmed in the modal) ends the job Canceled on the server.
 */
import * as assert from 'assert';
import { RealLava, requireRealLava, submit } from '../real/realLava';
import { debug, useVSCode, VSCodeSession, waitFor } from './harness';
import { setRealToken } from './scenario';

/** A job may queue behind other engineers' jobs on the two QEMU devices. */
const REAL_TIMEOUT_MS = 8 * 60_000;

interface RestJobJson {
  id: number;
  state: string;
  health: string;
  actual_device: string | null;
}

async function jobJson(lava: RealLava, id: string): Promise<RestJobJson> {
  const res = await fetch(`${lava.url}/api/v0.2/jobs/${id}/`, {
    headers: { Authorization: `Token ${lava.token}`, Accept: 'application/json' },
    signal: AbortSignal.timeout(20_000),
  });
  if (!res.ok) throw new Error(`GET job ${id}: HTTP ${res.status}`);
  return (await res.json()) as RestJobJson;
}

/** A device's health as LAVA's REST API says it now. */
async function deviceHealth(lava: RealLava, hostname: string): Promise<string> {
  const res = await fetch(`${lava.url}/api/v0.2/devices/${hostname}/`, {
    headers: { Authorization: `Token ${lava.token}`, Accept: 'application/json' },
    signal: AbortSignal.timeout(20_000),
  });
  if (!res.ok) throw new Error(`GET device ${hostname}: HTTP ${res.status}`);
  return ((await res.json()) as { health: string }).health;
}

/** The side bar's tree rows (their text: label and description). */
async function sidebarRows(session: VSCodeSession): Promise<string[]> {
  return (await session.page.locator('.part.sidebar .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

async function waitForRow(session: VSCodeSession, what: string, match: (row: string) => boolean, timeoutMs: number): Promise<string> {
  let last: string[] = [];
  return waitFor(
    what,
    async () => {
      last = await sidebarRows(session);
      return last.find(match);
    },
    timeoutMs,
    250,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; rows: ${JSON.stringify(last)}`);
  });
}

describe('LAVA view on a real LAVA 2023.01 server (code-server + chromium)', function () {
  let lava: RealLava;
  let jobId: string;

  before(function () {
    lava = requireRealLava(this)!;
    // Submitted before VS Code starts; its progress loop slowed (150 steps of 1 s) so that it runs a while.
    jobId = submit(lava, 'complete', 1);
    debug(`real LAVA job for the LAVA view: ${jobId}`);
  });
  const vsc = useVSCode(() => ({
    name: 'lava-view',
    settings: { 'lava.servers': [{ name: 'real', url: lava.url, username: 'admin' }] },
  }));

  it("LAVA: Set Token… stores the real server's token", async function () {
    await setRealToken(vsc.session, lava.token);
  });

  it('shows the running job under Running with its device, qemu01 with its health, the job as the current job of its device, and cancels it from the context menu', async function () {
    this.timeout(REAL_TIMEOUT_MS);
    const { session } = vsc;
    const job = await waitFor(
      `real LAVA job ${jobId} to run`,
      async () => {
        const j = await jobJson(lava, jobId);
        if (j.state === 'Finished') throw new Error(`job ${jobId} finished (${j.health}) before it was seen Running`);
        return j.state === 'Running' && j.actual_device ? j : undefined;
      },
      REAL_TIMEOUT_MS - 120_000,
      1000,
    );
    const device = job.actual_device!;

    // The LAVA container (its first look loads the extension's views and reads the lists).
    await session.page.locator('.part.activitybar .action-item a[aria-label^="LAVA"]').first().click();
    const jobRow = await waitForRow(session, `job ${jobId} in the Jobs view`, (r) => r.startsWith(`#${jobId} `), 60_000);
    assert.match(jobRow, new RegExp(`real-lava qemu busybox progress \\(complete\\)\\s*${device} · `), jobRow);
    const rows = await sidebarRows(session);
    const running = rows.indexOf('Running 1') >= 0 ? rows.indexOf('Running 1') : rows.findIndex((r) => r.startsWith('Running'));
    assert.ok(running >= 0 && running < rows.indexOf(jobRow), `the job is not under Running: ${JSON.stringify(rows)}`);

    // Devices: qemu01; the job's device shows it as its current job.
    // Its health as the server says it (Good on a fresh LAVA; a job ended by an infrastructure error leaves it Unknown).
    const health = await deviceHealth(lava, 'qemu01');
    const qemu01 = await waitForRow(session, 'qemu01 in the Devices view', (r) => r.startsWith('qemu01'), 60_000);
    assert.match(qemu01, new RegExp(`^qemu01\\s*${health} · `), qemu01);
    const busy = await waitForRow(
      session,
      `${device} running job ${jobId}`,
      (r) => r.startsWith(device) && r.includes(`#${jobId}`),
      60_000,
    );
    assert.match(busy, new RegExp(`^${device}\\s*${await deviceHealth(lava, device)} · Running · #${jobId}`), busy);

    // Cancel from the job's context menu, confirmed in the modal.
    await session.page
      .locator('.part.sidebar .monaco-list-row', { hasText: `#${jobId} ` })
      .first()
      .click({ button: 'right' });
    const item = session.page.locator('.context-view .action-menu-item', { hasText: /^\s*Cancel\s*$/ }).first();
    await item.hover();
    await item.click();
    const dialog = session.page.locator('.monaco-dialog-box');
    // VS Code's menu acts on mouse up of a press it saw begin; if the click was taken for a hover, Enter runs the focused item.
    const shown = await dialog.waitFor({ state: 'visible', timeout: 3_000 }).then(
      () => true,
      () => false,
    );
    if (!shown) {
      await session.page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    }
    assert.match((await dialog.textContent()) ?? '', new RegExp(jobId));
    await dialog.locator('.monaco-button', { hasText: 'Cancel Job' }).first().click();
    const ended = await waitFor(
      `real LAVA job ${jobId} to end`,
      async () => {
        const j = await jobJson(lava, jobId);
        return j.state === 'Finished' ? j : undefined;
      },
      120_000,
      1000,
    );
    assert.strictEqual(ended.health, 'Canceled');
  });
});
