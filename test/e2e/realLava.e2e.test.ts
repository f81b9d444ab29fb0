/**
 * LAVA Follow in a real VS Code against a REAL LAVA 2023.01 server (test/real/realLava.ts; skipped
 * unless one is up, an error when REQUIRE_REAL_LAVA=1 and none is).
 *
 * A failing job (~40 s) is submitted when the file starts, so that it runs while VS Code starts; a
 * Complete one (~2 minutes, its loop slowed) when the Find Job test begins, so that it is Running
 * while Find Job looks for it (however long the tests before took, and however many devices run jobs).
 *   - the failing job is followed by its pasted URL: the error notification carries LAVA's reason;
 *   - LAVA: Find Job… lists the Complete job under "Running" before anything is typed; picking it
 *     follows it (channel, status bar `LAVA <id>` spinning, then `LAVA <id> Complete`);
 *   - both channels hold every record of the server's final log once, in order, formatted.
 */
import * as assert from 'assert';
import { formatRecord } from '../../src/core/log/format';
import { parseRecords } from '../../src/core/log/records';
import { lavaGet, RealLava, requireRealLava, submit } from '../real/realLava';
import { debug, sleep, useVSCode, VSCodeSession, waitFor } from './harness';
import { channelOf, docScreenshot, followJob, setRealToken, splitNotices } from './scenario';

const FIND_JOB = 'LAVA: Find Job…';
/** Per test: a job may queue behind other engineers' jobs on the one QEMU device. */
const REAL_TIMEOUT_MS = 6 * 60_000;

interface RestJobJson {
  id: number;
  state: string;
  health: string;
  description: string;
}

async function jobJson(lava: RealLava, id: string): Promise<RestJobJson> {
  return JSON.parse(await lavaGet(lava, `jobs/${id}/`)) as RestJobJson;
}

/** Waits (polling the REST API) until the job is in `state`; fails at once if it went past it. */
async function waitForJobState(lava: RealLava, id: string, state: 'Running' | 'Finished', timeoutMs: number): Promise<RestJobJson> {
  let past: RestJobJson | undefined;
  const job = await waitFor(
    `real LAVA job ${id} to be ${state}`,
    async () => {
      const job = await jobJson(lava, id);
      // An early end is not worth waiting out (waitFor would retry a thrown error until its timeout).
      if (state === 'Running' && job.state === 'Finished') past = job;
      return past ?? (job.state === state ? job : undefined);
    },
    timeoutMs,
    1000,
  );
  if (past) throw new Error(`job ${id} finished (${past.health}) before it was seen Running`);
  return job;
}

/** What the channel must hold: every record of the server's final log, once, in order, formatted. */
async function expectedChannelLog(lava: RealLava, id: string): Promise<{ text: string; records: number }> {
  const body = await lavaGet(lava, `jobs/${id}/logs/`, '*/*');
  const { records, rest } = parseRecords(body);
  assert.strictEqual(rest, '', `the final log of job ${id} ends in a partial line`);
  return { text: records.map((r) => formatRecord(r, { time: 'utc' })).join(''), records: records.length };
}

/** Compares the job's channel (without the extension's `[LAVA Follow] ` lines) with the server's final log. */
async function expectChannelEqualsServerLog(session: VSCodeSession, lava: RealLava, id: string): Promise<string[]> {
  const want = await expectedChannelLog(lava, id);
  assert.ok(want.records > 100, `the server's log of job ${id} has only ${want.records} records`);
  await session.waitForChannelText(channelOf(id), (text) => splitNotices(text).log.length >= want.text.length, 30_000);
  await sleep(700); // let a late (doubled) write land before comparing
  const { log, notices } = splitNotices(session.readOutputChannel(channelOf(id))!.toString('utf8'));
  if (log !== want.text) {
    const a = log.split('\n');
    const b = want.text.split('\n');
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    assert.fail(
      `channel of real LAVA job ${id} differs from the server's final log (${a.length} vs ${b.length} lines), ` +
        `first at line ${i + 1}:\n  channel: ${JSON.stringify(a.slice(i, i + 3))}\n  server:  ${JSON.stringify(b.slice(i, i + 3))}`,
    );
  }
  return notices;
}

/** The status bar items whose text starts with "LAVA", with whether their icon spins. */
async function lavaStatusItems(session: VSCodeSession): Promise<{ text: string; spinning: boolean }[]> {
  return session.page.locator('.part.statusbar .statusbar-item').evaluateAll((items) =>
    items
      .map((item) => ({
        text: (item.textContent ?? '').replace(/\s+/g, ' ').trim(),
        spinning: item.querySelector('.codicon-modifier-spin') !== null,
      }))
      .filter((item) => /^LAVA\b/.test(item.text)),
  );
}

async function waitForStatus(session: VSCodeSession, text: string, timeoutMs: number): Promise<{ text: string; spinning: boolean }> {
  let last: { text: string; spinning: boolean }[] = [];
  return waitFor(
    `the status bar item "${text}"`,
    async () => {
      last = await lavaStatusItems(session);
      return last.find((item) => item.text === text);
    },
    timeoutMs,
    100,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; LAVA status bar items: ${JSON.stringify(last)}`);
  });
}

/** The rows of the open quick pick, in order: separators (their label) and items (label, description). */
async function quickPickRows(session: VSCodeSession): Promise<{ separator?: string; label?: string; detail?: string }[]> {
  return session.quickInput.locator('.quick-input-list .monaco-list-row').evaluateAll((rows) =>
    rows
      .map((row) => {
        // VS Code hides a recycled row's separator label without clearing it: read shown elements only.
        const text = (sel: string) => {
          const el = row.querySelector<HTMLElement>(sel);
          if (!el || el.style.display === 'none' || getComputedStyle(el).display === 'none') return '';
          return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
        };
        const out: { separator?: string; label?: string; detail?: string; index: number } = {
          index: Number(row.getAttribute('data-index') ?? '0'),
        };
        // A separator is a row of its own, or (older layouts) a label shown on the first row after it.
        if (row.classList.contains('quick-input-list-separator-as-item')) {
          out.separator = text('.label-name') || text('.quick-input-list-separator');
          return out;
        }
        const sep = text('.quick-input-list-separator');
        if (sep) out.separator = sep;
        out.label = text('.label-name');
        out.detail = text('.quick-input-list-label-meta .label-name') || text('.monaco-icon-label-container .label-description');
        return out;
      })
      .sort((x, y) => x.index - y.index)
      .flatMap(({ index: _index, ...row }) =>
        row.separator && row.label !== undefined ? [{ separator: row.separator }, { label: row.label, detail: row.detail }] : [row],
      ),
  );
}

describe('LAVA Follow on a real LAVA 2023.01 server (code-server + chromium)', function () {
  let lava: RealLava;
  let failId: string;
  let okId: string;
  let okDescription: string;

  before(function () {
    lava = requireRealLava(this)!;
    // Submitted before VS Code starts, so that it runs meanwhile.
    failId = submit(lava, 'fail');
    debug(`real LAVA job: fail ${failId}`);
  });
  const vsc = useVSCode(() => ({
    name: 'real-lava',
    settings: { 'lava.servers': [{ name: 'real', url: lava.url }], 'lava.pollMaxDelaySeconds': 1 },
  }));

  it("LAVA: Set Token… stores the real server's token", async function () {
    await setRealToken(vsc.session, lava.token);
  });

  it("follows a failing job by its pasted URL: an error notification with LAVA's reason, every record once", async function () {
    this.timeout(REAL_TIMEOUT_MS);
    const { session } = vsc;
    await followJob(session, `${lava.url}/scheduler/job/${failId}`);
    // One configured server: the pasted URL's server is it (channel without a server suffix).
    await session.waitForChannelText(channelOf(failId), () => true, 30_000);
    const note = await session.waitForNotification(new RegExp(`^LAVA job ${failId} Incomplete — `), REAL_TIMEOUT_MS - 60_000);
    assert.match(note.message, /progress reached 60, failing on purpose/);
    assert.ok((await note.toast.locator('.codicon-error').count()) > 0, 'the Incomplete notification is not an error');
    assert.deepStrictEqual(note.buttons, ['Go to Error', 'Resubmit', 'More…']);
    const job = await jobJson(lava, failId);
    assert.deepStrictEqual([job.state, job.health], ['Finished', 'Incomplete']);
    await expectChannelEqualsServerLog(session, lava, failId);
    // The README's first picture: the failing job's coloured channel and its Incomplete notification.
    await docScreenshot(session, 'rest-coloured');

    // Go to Error: the job's log as a document, the cursor on its first error, its pipeline in the Outline.
    await session.clickNotificationButton(note, 'Go to Error');
    await session.page
      .locator('.tabs-container .tab', { hasText: `LAVA job ${failId}.lava-log` })
      .first()
      .waitFor({ timeout: 30_000 });
    const body = await lavaGet(lava, `jobs/${failId}/logs/`, '*/*');
    const records = parseRecords(body).records;
    const lines = records.map((r) => formatRecord(r, { time: 'utc' }));
    const firstError = records.findIndex((r) => r.lvl === 'error' || r.lvl === 'exception');
    assert.ok(firstError >= 0, 'the failing job logged no error');
    const errorLine = lines.slice(0, firstError).join('').split('\n').length;
    await waitFor(
      'the cursor on the first error of the real job',
      async () =>
        /Ln (\d+)/.exec((await session.page.locator('[id="status.editor.selection"]').first().textContent()) ?? '')?.[1] ===
        String(errorLine),
      30_000,
      300,
    );
    await session.runCommand('Explorer: Focus on Outline View');
    const outline = session.page.locator('.outline-pane .monaco-list-row .label-name');
    await waitFor(
      'the outline of the real job',
      async () => (await outline.allTextContents()).some((t) => /^\s*1 \S+/.test(t)),
      20_000,
      300,
    );
    const names = (await outline.allTextContents()).map((t) => t.trim());
    for (const name of names.slice(0, 3)) {
      const m = /^(\d+(?:\.\d+)*) (\S+)/.exec(name);
      if (!m || name.includes('(start not logged)')) continue;
      assert.ok(body.includes(`start: ${m[1]} ${m[2]}`), `outline item ${name} is not an action of the log`);
    }
    await session.clearNotifications();
  });

  it('LAVA: Find Job… lists the running job under "Running"; picking it follows it, the status bar shows it', async function () {
    this.timeout(REAL_TIMEOUT_MS);
    const { session } = vsc;
    // Submitted now, not with the failing job: with the second device of the MultiNode setup both would
    // run at once, and this one once ended while the failing job's test still ran. Its loop is slowed
    // (150 × 0.6 s; under the 2-minute connection timeout LAVA applies to the test shell) so that it
    // surely still runs while Find Job looks for it.
    okId = submit(lava, 'complete', 0.6);
    debug(`real LAVA job: complete ${okId}`);
    okDescription = (await waitForJobState(lava, okId, 'Running', REAL_TIMEOUT_MS - 60_000)).description;
    assert.ok(okDescription, `job ${okId} has no description`);

    await session.runCommand(FIND_JOB);
    await session.waitForInputTitle('LAVA: Find Job');
    assert.strictEqual(await session.quickInput.locator('.quick-input-box input').inputValue(), '');
    const jobLabel = `${okId} ${okDescription}`;
    let rows: Awaited<ReturnType<typeof quickPickRows>> = [];
    await waitFor(
      `job ${okId} in the Find Job list`,
      async () => {
        const before = JSON.stringify(rows);
        rows = await quickPickRows(session);
        if (JSON.stringify(rows) !== before) debug(`Find Job rows now: ${JSON.stringify(rows).slice(0, 400)}`);
        // Both lists (running, recent) answered: the running job and the failing job are there, nothing loads.
        return (
          rows.some((r) => r.label === jobLabel) &&
          rows.some((r) => r.label?.startsWith(`${failId} `)) &&
          !rows.some((r) => /Loading jobs/.test(r.label ?? ''))
        );
      },
      30_000,
      200,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; rows: ${JSON.stringify(rows)}`);
    });
    debug(`Find Job rows: ${JSON.stringify(rows)}`);
    // Under "Running" (the separator before it, and no other separator in between).
    const at = rows.findIndex((r) => r.label === jobLabel);
    const separatorsBefore = rows
      .slice(0, at)
      .filter((r) => r.separator !== undefined)
      .map((r) => r.separator);
    assert.strictEqual(separatorsBefore[separatorsBefore.length - 1], 'Running', JSON.stringify(rows));
    // The failing job ended: it is listed under "Recent", with its health.
    const failAt = rows.findIndex((r) => r.label?.startsWith(`${failId} `));
    assert.ok(failAt > at, `job ${failId} is not listed after the running job: ${JSON.stringify(rows)}`);
    assert.ok(
      rows.slice(at, failAt).some((r) => r.separator === 'Recent'),
      JSON.stringify(rows),
    );
    assert.strictEqual(await session.quickInput.locator('.quick-input-box input').inputValue(), '');

    await sleep(300);
    await docScreenshot(session, 'find-job');
    await session.pickItem(new RegExp(`^\\s*${okId} `));
    await session.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });

    // Its channel opens and fills; the status bar names it, spinning, while the job runs.
    await session.waitForChannelText(channelOf(okId), (text) => splitNotices(text).log.split('\n').length > 20, 60_000);
    // The failing job's health may still be shown first: 10 s after its end, and again after the
    // quiet follow its Go to Error document started (a finished job, read to its end) ends.
    const item = await waitForStatus(session, `LAVA ${okId}`, 45_000);
    assert.ok(item.spinning, 'the status bar icon of a followed job does not spin');
    assert.strictEqual((await jobJson(lava, okId)).state, 'Running', 'the job ended already: "while it runs" is not shown');

    // Its pasted URL names the same job on the same server: shown, not followed a second time.
    await followJob(session, `${lava.url}/scheduler/job/${okId}`);
    await sleep(1000);
    assert.strictEqual(session.outputChannelNames().filter((n) => channelOf(okId).test(n)).length, 1);
    assert.strictEqual((await waitForStatus(session, `LAVA ${okId}`, 5_000)).text, `LAVA ${okId}`, 'not one job followed');
  });

  it('the Complete job ends: notification with the results, status bar health, every record once in order', async function () {
    this.timeout(REAL_TIMEOUT_MS);
    const { session } = vsc;
    assert.ok(session.readOutputChannel(channelOf(okId)), `job ${okId} was not followed (see the Find Job test)`);
    // The status bar shows the health for 10 s only: watch it while waiting for the notification.
    const [note, item] = await Promise.all([
      session.waitForNotification(new RegExp(`^LAVA job ${okId} Complete — `), REAL_TIMEOUT_MS - 60_000),
      waitForStatus(session, `LAVA ${okId} Complete`, REAL_TIMEOUT_MS - 60_000),
    ]);
    assert.strictEqual(note.message, `LAVA job ${okId} Complete — 12 passed, 1 failed`);
    assert.deepStrictEqual(note.buttons, ['Show Results', 'Open Job Log', 'More…']);
    assert.ok(!item.spinning);
    const job = await jobJson(lava, okId);
    assert.deepStrictEqual([job.state, job.health], ['Finished', 'Complete']);
    await expectChannelEqualsServerLog(session, lava, okId);
  });
});
