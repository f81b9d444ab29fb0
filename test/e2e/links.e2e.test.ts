/**
 * Links that open jobs, in a real VS Code: a job URL echoed in the integrated terminal is a link (our
 * terminal link provider, for a configured server) whose Ctrl+click follows the job; the finish
 * notification of that job has at most three buttons, the rest behind More….
 */
import * as assert from 'assert';
import { loadOutputYaml } from '../simulator/fixtures';
import { LavaSimulator } from '../simulator/server';
import { sleep, useVSCode } from './harness';
import { channelOf, waitFor } from './scenario';

describe('LAVA Follow: links that open jobs (code-server + chromium)', function () {
  let sim: LavaSimulator;
  before(async function () {
    sim = await LavaSimulator.start({ port: 0 });
    sim.addRestJob({
      id: '311',
      records: loadOutputYaml('incomplete'),
      health: 'Incomplete',
      batchIntervalMs: 0,
      linesPerSecond: 100000,
      finishDelayMs: 0,
    });
  });
  after(async function () {
    await sim?.close();
  });
  const vsc = useVSCode(() => ({
    name: 'links',
    settings: {
      'lava.servers': [{ name: 'sim', url: sim.url, api: 'rest' }],
      'lava.pollMinDelaySeconds': 0.2,
      'lava.pollMaxDelaySeconds': 0.5,
      'lava.requestTimeoutSeconds': 5,
      // The DOM renderer: the terminal's rows are elements the test can find and point at.
      'terminal.integrated.gpuAcceleration': 'off',
    },
  }));

  it('a job URL echoed in the terminal is a link that follows the job; its end has at most three buttons', async function () {
    const { session } = vsc;
    const page = session.page;
    const url = `${sim.url}/scheduler/job/311`;
    await session.runCommand('Terminal: Create New Terminal');
    await page.locator('.xterm-rows').first().waitFor({ state: 'visible', timeout: 30_000 });
    await sleep(1500); // the shell's prompt
    await page.locator('.xterm-helper-textarea').first().focus();
    await page.keyboard.type(`echo ${url}`);
    await page.keyboard.press('Enter');
    // The echoed line is the URL alone, from the row's first column.
    const row = page
      .locator('.xterm-rows > div', { hasText: new RegExp(`^\\s*${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s*$`) })
      .last();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await waitFor(
      'Ctrl+click on the URL in the terminal follows job 311 (its channel)',
      async () => {
        // The followed job's channel comes to the front (the terminal is hidden then): clicked once only.
        if (session.readOutputChannel(channelOf('311')) !== undefined) return true;
        if (!(await row.isVisible())) return false;
        const box = await row.boundingBox();
        assert.ok(box, 'the row has a box');
        await page.mouse.move(box.x + 30, box.y + box.height / 2);
        await sleep(700); // the link providers are asked on hover
        await page.keyboard.down('Control');
        await page.mouse.click(box.x + 30, box.y + box.height / 2);
        await page.keyboard.up('Control');
        return false;
      },
      60_000,
      2_000,
    );
    const note = await session.waitForNotification(/^LAVA job 311 Incomplete/, 60_000);
    assert.ok(note.buttons.length <= 3, note.buttons.join(', '));
    assert.deepStrictEqual(note.buttons, ['Go to Error', 'Resubmit', 'More…']);
    await session.clickNotificationButton(note, 'More…');
    for (const label of ['Show Results', 'Show Log', 'Open in Browser']) {
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible', timeout: 15_000 });
    }
    await page.keyboard.press('Escape');
  });

  it('a job URL in an editor is a link (our document link provider) that follows the job', async function () {
    const { session } = vsc;
    const page = session.page;
    const url = `${sim.url}/scheduler/job/312`;
    await session.runCommand('File: New Untitled Text File');
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.waitFor({ state: 'visible', timeout: 30_000 });
    await editor.click();
    await page.keyboard.type(url);
    const line = page.locator('.editor-group-container.active .view-line', { hasText: '/scheduler/job/312' }).first();
    await line.waitFor({ state: 'visible', timeout: 15_000 });
    await waitFor(
      'Ctrl+click on the URL in the editor follows job 312 (its channel)',
      async () => {
        if (session.readOutputChannel(channelOf('312')) !== undefined) return true;
        const box = await line.boundingBox();
        assert.ok(box, 'the line has a box');
        await page.mouse.move(box.x + 40, box.y + box.height / 2);
        await sleep(500);
        await page.keyboard.down('Control');
        await page.mouse.click(box.x + 40, box.y + box.height / 2);
        await page.keyboard.up('Control');
        await sleep(1500);
        return session.readOutputChannel(channelOf('312')) !== undefined;
      },
      60_000,
      2_000,
    );
  });
});
