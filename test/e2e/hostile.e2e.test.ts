/**
 * Hostile server answers in a real VS Code (code-server + chromium), issue #10:
 * (a) a REST job whose failure reason (failure_comment) holds a `command:` link and an image: the
 *     Incomplete notification shows it as plain text — no <a> in the message, the words visible;
 * (b) a server that answers an HTML login page with 200 to everything: the follow ends with an
 *     error notification saying it answered an HTML page.
 */
import * as assert from 'assert';
import { loadOutputYaml } from '../simulator/fixtures';
import { LavaSimulator } from '../simulator/server';
import { useVSCode } from './harness';
import { followJob } from './scenario';

const REASON = 'Boot failed: [x](command:workbench.action.quit) ![i](https://example.invalid/x.png)';

describe('LAVA Follow: hostile server answers (code-server + chromium)', function () {
  let sim: LavaSimulator;
  before(async function () {
    sim = await LavaSimulator.start({ port: 0 });
  });
  after(async function () {
    await sim?.close();
  });
  const vsc = useVSCode(() => ({
    name: 'hostile',
    settings: {
      'lava.servers': [{ name: 'sim', url: sim.url, api: 'auto' }],
      'lava.pollMinDelaySeconds': 0.2,
      'lava.pollMaxDelaySeconds': 0.5,
      'lava.requestTimeoutSeconds': 5,
    },
  }));

  it("shows a failure reason's markup as plain text in the Incomplete notification", async function () {
    const { session } = vsc;
    sim.addRestJob({
      id: '701',
      records: loadOutputYaml('incomplete'),
      health: 'Incomplete',
      failureComment: REASON,
      batchIntervalMs: 100,
      linesPerSecond: 3000,
      finishDelayMs: 300,
    });
    await followJob(session, '701');
    const note = await session.waitForNotification(/^LAVA job 701 Incomplete/, 60_000);
    // The link's words are there, as text (plainNotification breaks "](" and "command:").
    assert.match(note.message, /\[x\] \(command: workbench\.action\.quit\)/);
    assert.match(note.message, /!\[i\] \(https: ?\/\/example\.invalid\/x\.png\)/);
    const message = note.toast.locator('.notification-list-item-message');
    assert.strictEqual(await message.locator('a').count(), 0, 'a link in the notification message');
    assert.strictEqual(await message.locator('img').count(), 0, 'an image in the notification message');
    assert.ok(await message.isVisible());
    assert.match((await message.innerText()).trim(), /Boot failed: \[x\] \(command: workbench\.action\.quit\)/);
    await session.screenshot('hostile-failure-reason');
    await session.clearNotifications();
  });

  it('ends a follow with a clear error when the server answers an HTML login page to everything', async function () {
    const { session } = vsc;
    sim.addRestJob({ id: '702', records: loadOutputYaml('complete'), health: 'Complete', finishDelayMs: 600_000 });
    sim.fault({ kind: 'html-200', count: 1000 });
    try {
      await followJob(session, '702');
      const note = await session.waitForNotification(/answered an HTML page/, 60_000);
      assert.match(note.message, /did not answer like a LAVA server for LAVA job 702/);
      assert.match(note.message, /is the URL right, or is a login page in the way\?/);
      assert.ok((sim.injectedCounts()['html-200'] ?? 0) >= 1);
    } finally {
      sim.clearFaults();
    }
  });
});
