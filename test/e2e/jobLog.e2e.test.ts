/**
 * The job log as an editor document, in a real VS Code against the simulator (REST): LAVA: Open Job
 * Log on the failing job; the Outline lists its pipeline; Problems lists its error; Go to First Error
 * puts the cursor on it; folding; Filter Log Levels hides `debug` and shows it again; a window reload
 * mid-job resumes the follow and the document with every line once.
 */
import * as assert from 'assert';
import { stripNotices, noticeMessages } from '../../src/core/follow/channelText';
import { symbolName } from '../../src/core/log/folding';
import { formatRecord, FormatOptions } from '../../src/core/log/format';
import { JobLog } from '../../src/core/log/jobLog';
import { parseRecordLine } from '../../src/core/log/records';
import { sanitizeLogText } from '../../src/core/untrusted/sanitize';
import { loadOutputYaml } from '../simulator/fixtures';
import { LavaSimulator } from '../simulator/server';
import { sleep, useVSCode, VSCodeSession, waitFor } from './harness';
import { channelOf, docScreenshot, followJob } from './scenario';

const OPEN_JOB_LOG = 'LAVA: Open Job Log…';
const OPEN_JOB_LOG_TITLE = 'LAVA: Open Job Log'; // its input box's title: the command's name, without "…"
const RESUMED = 'Following again after a window reload: the log from its start.';

function formatted(raw: string[], format: FormatOptions): string {
  return sanitizeLogText(raw.map((l) => formatRecord(parseRecordLine(l), format)).join(''));
}

function lineCount(text: string): number {
  return text.split('\n').length; // the text ends with '\n': VS Code shows an empty last line
}

async function openJobLog(session: VSCodeSession, jobId: string): Promise<void> {
  await session.runCommand(OPEN_JOB_LOG);
  await session.typeInInput(jobId, { title: OPEN_JOB_LOG_TITLE });
  await session.submitInput();
  await session.page
    .locator('.tabs-container .tab', { hasText: `LAVA job ${jobId}.lava-log` })
    .first()
    .waitFor({ timeout: 20_000 });
}

/** Focuses the job log's editor. */
async function focusLog(session: VSCodeSession, jobId: string): Promise<void> {
  await session.page
    .locator('.tabs-container .tab', { hasText: `LAVA job ${jobId}.lava-log` })
    .first()
    .click();
  await session.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
}

/** The cursor's line (1-based), from the status bar's "Ln X, Col Y". */
async function cursorLine(session: VSCodeSession): Promise<number> {
  const text = (await session.page.locator('[id="status.editor.selection"]').first().textContent()) ?? '';
  const m = /Ln (\d+)/.exec(text);
  return m ? Number(m[1]) : -1;
}

/** Waits until the document has `lines` lines (Ctrl+End puts the cursor on the last one). */
async function waitForLines(session: VSCodeSession, jobId: string, lines: number, timeoutMs = 30_000): Promise<void> {
  let seen = -1;
  await waitFor(
    `the job log of ${jobId} to have ${lines} lines`,
    async () => {
      await focusLog(session, jobId);
      await session.page.keyboard.press('Control+End');
      await sleep(100);
      seen = await cursorLine(session);
      return seen === lines;
    },
    timeoutMs,
    500,
  ).catch((err: Error) => {
    throw new Error(`${err.message} (last seen: ${seen})`, { cause: err });
  });
}

describe('LAVA Follow: the job log as a document (code-server + chromium)', function () {
  let sim: LavaSimulator;
  const incomplete = loadOutputYaml('incomplete');
  const complete = loadOutputYaml('complete');
  before(async function () {
    sim = await LavaSimulator.start({ port: 0 });
    sim.addRestJob({ id: '2', records: incomplete, health: 'Incomplete', batchIntervalMs: 0, linesPerSecond: 100000, finishDelayMs: 0 });
  });
  after(async function () {
    await sim?.close();
  });
  const vsc = useVSCode(() => ({
    name: 'joblog',
    settings: {
      'lava.servers': [{ name: 'sim', url: sim.url, api: 'rest' }],
      'lava.pollMinDelaySeconds': 0.2,
      'lava.pollMaxDelaySeconds': 0.5,
      'lava.requestTimeoutSeconds': 5,
    },
  }));

  it('opens the failing job: Outline of its pipeline, its error in Problems, Go to First Error, folding, levels', async function () {
    const { session } = vsc;
    const log = new JobLog();
    log.addLines(incomplete.map((line, index) => ({ index, record: parseRecordLine(line) })));
    log.finish();
    const full = formatted(incomplete, { time: 'utc' });

    await openJobLog(session, '2');
    await waitForLines(session, '2', lineCount(full));

    // Outline: the pipeline's top-level actions, named like LAVA, in order.
    await session.runCommand('Explorer: Focus on Outline View');
    // Top level only (the list is virtual: rows out of view are not in the DOM).
    await session.page.locator('.pane-header', { hasText: 'Outline' }).first().hover();
    const collapseAll = session.page.locator('.pane-header', { hasText: 'Outline' }).locator('.codicon-collapse-all').first();
    await collapseAll.click();
    const outline = session.page.locator('.outline-pane .monaco-list-row .label-name');
    const roots = log.actions.roots.map(symbolName);
    // The outline may be refreshed (and expanded again) after the click, when the document's last
    // render lands: collapse again until every root is in view.
    await waitFor(
      'the outline to list the pipeline',
      async () => {
        const names = (await outline.allTextContents()).map((t) => t.trim());
        if (names.length >= roots.length && roots.every((n) => names.includes(n))) return true;
        await collapseAll.click().catch(() => undefined);
        return false;
      },
      20_000,
      500,
    );
    const shown = (await outline.allTextContents()).map((t) => t.trim());
    for (const name of roots) assert.ok(shown.includes(name), `outline lacks ${name}: ${JSON.stringify(shown)}`);
    assert.ok(shown.indexOf(roots[0]) < shown.indexOf(roots[roots.length - 1]), `outline out of order: ${JSON.stringify(shown)}`);
    await docScreenshot(session, 'job-log-outline');

    // Problems: the job's error, on its line.
    const error = log.problems.problems.find((p) => p.kind === 'error' || p.kind === 'exception')!;
    await session.page.keyboard.press('Control+Shift+M');
    const markers = session.page.locator('.markers-panel .monaco-list-row');
    const needle = String(parseRecordLine(incomplete[error.index]).msg).slice(0, 40);
    await waitFor(
      'Problems to list the job error',
      async () => (await markers.allTextContents()).some((t) => t.includes(needle)),
      20_000,
      300,
    );
    await docScreenshot(session, 'job-log-problems');

    // Go to First Error: the cursor on that record's line.
    await focusLog(session, '2');
    await session.runCommand('LAVA: Go to First Error');
    const errorLine = full.split('\n').findIndex((l) => l.includes(needle)) + 1;
    await waitFor('the cursor on the first error', async () => (await cursorLine(session)) === errorLine, 10_000, 200);

    // Folding: fold all leaves collapsed actions; unfold all opens them again.
    const collapsed = session.page.locator('.editor-group-container.active .codicon-folding-collapsed');
    await session.runCommand('Fold All');
    await waitFor('actions folded', async () => (await collapsed.count()) > 0, 10_000, 200);
    await session.runCommand('Unfold All');
    await waitFor('actions unfolded', async () => (await collapsed.count()) === 0, 10_000, 200);

    // Filter Log Levels: without debug, then all levels again (no new request for the log).
    const logRequests = () => sim.requests.filter((r) => r.path.endsWith('/logs/')).length;
    const before = logRequests();
    await focusLog(session, '2');
    await session.runCommand('LAVA: Filter Log Levels…');
    await session.pickItem('debug');
    await session.page.keyboard.press('Enter');
    const noDebug = formatted(incomplete, {
      time: 'utc',
      levels: new Set(['exception', 'error', 'warning', 'info', 'input', 'target', 'feedback', 'results']),
    });
    await waitForLines(session, '2', lineCount(noDebug));
    await session.runCommand('LAVA: Filter Log Levels…');
    await session.pickItem('debug');
    await session.page.keyboard.press('Enter');
    await waitForLines(session, '2', lineCount(full));
    assert.equal(logRequests(), before, 'filtering asked the server again');
  });

  it('resumes a follow and its document after a window reload, every line once', async function () {
    const { session } = vsc;
    sim.addRestJob({ id: '3', records: complete, health: 'Complete', batchIntervalMs: 300, linesPerSecond: 25, finishDelayMs: 500 });
    await followJob(session, '3');
    await openJobLog(session, '3');
    await session.waitForChannelText(channelOf('3'), (text) => text.split('\n').length > 60, 30_000);

    await session.runCommand('Developer: Reload Window');
    await session.waitForExtensionHost(60_000);
    // The document is opened again (by the extension, from what it remembered).
    await session.page.locator('.tabs-container .tab', { hasText: 'LAVA job 3.lava-log' }).first().waitFor({ timeout: 60_000 });
    const all = formatted(complete, { time: 'utc' });
    const channel = await session.waitForChannelText(channelOf('3'), (text) => stripNotices(text).length >= all.length, 120_000);
    await sleep(1000);
    const text = (session.readOutputChannel(channelOf('3')) ?? channel).toString('utf8');
    assert.equal(stripNotices(text), all, 'the refilled channel is not the log, once');
    assert.ok(noticeMessages(text).includes(RESUMED), JSON.stringify(noticeMessages(text)));
    await waitForLines(session, '3', lineCount(all), 60_000);
    await session.waitForNotification(/^LAVA job 3 Complete/, 30_000);
  });
});
