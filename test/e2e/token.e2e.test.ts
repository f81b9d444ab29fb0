/**
 * LAVA: Set Token… in a real VS Code, against a simulated LAVA server that requires a token:
 * without one the follow is refused (and the user is told how to fix it); with one, every request
 * carries it, and the token is written to no settings file, log or Output channel file.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { LavaSimulator } from '../simulator/server';
import { registerToken, useVSCode } from './harness';
import { expectChannelLog, expectFinishNotification, followJob, jobLog, requestsFor, SET_TOKEN, simSettings } from './scenario';

const TOKEN = 'e2eTok-7f3c9a1d5b2e48c6a0f1d2e3b4c5a6f7';
registerToken(TOKEN);

/** Every file under `dir` (skipping nothing), with the ones containing `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && fs.readFileSync(full).includes(needle)) hits.push(full);
    }
  };
  walk(dir);
  return hits;
}

describe('LAVA Follow: tokens (code-server + chromium)', function () {
  let sim: LavaSimulator;
  before(async function () {
    sim = await LavaSimulator.start({ port: 0, token: TOKEN });
  });
  after(async function () {
    await sim?.close();
  });
  const vsc = useVSCode(() => ({ name: 'token', settings: simSettings(sim) }));

  it('without a token the server refuses the job and the user is offered "Set Token…"', async function () {
    const { session } = vsc;
    sim.addLogTailJob({ id: '400', log: jobLog('400', 50, 400), intervalMs: 0 });
    await followJob(session, '400');
    const note = await session.waitForNotification(/refused access to LAVA job 400/, 30_000);
    assert.ok(note.buttons.includes('Set Token…'), JSON.stringify(note.buttons));
    assert.ok(requestsFor(sim, '400').every((r) => r.authorization === undefined));
    await session.clearNotifications();
  });

  it('LAVA: Set Token… sends the token to its server and writes it nowhere', async function () {
    const { session } = vsc;
    await session.runCommand(SET_TOKEN);
    await session.waitForInputTitle('LAVA: Set Token… (sim)');
    // A password box: what is typed is not shown.
    assert.strictEqual(await session.quickInput.locator('.quick-input-box input').getAttribute('type'), 'password');
    await session.typeInInput(TOKEN);
    await session.submitInput();
    await session.waitForNotification(/^LAVA token saved for sim\./);

    const log = jobLog('401', 800, 401);
    sim.addLogTailJob({ id: '401', log, chunk: { min: 1000, max: 4000 }, intervalMs: 50, seed: 401 });
    await followJob(session, '401');
    await expectChannelLog(session, '401', log);
    await expectFinishNotification(session, '401');

    const reqs = requestsFor(sim, '401');
    assert.ok(reqs.length > 0);
    assert.deepStrictEqual([...new Set(reqs.map((r) => r.authorization))], [`Token ${TOKEN}`]);

    // Not in settings.json, nor in any Output channel file, log, or other file of the profile.
    assert.ok(!fs.readFileSync(session.settingsPath, 'utf8').includes(TOKEN), 'the token is in settings.json');
    for (const [name, file] of session.outputChannelFiles()) {
      assert.ok(!fs.readFileSync(file).includes(TOKEN), `the token is in the Output channel "${name}"`);
    }
    assert.deepStrictEqual(filesContaining(session.root, TOKEN), [], 'files under the VS Code profile hold the token');
    // Nor anywhere in the page's text.
    assert.ok(!(await session.page.locator('body').innerText()).includes(TOKEN), 'the token is shown on the page');
  });
});
